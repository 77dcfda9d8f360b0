/**
 * `bulletin new [--date YYYY-MM-DD] [--lang fr|en] [--translate N] [--content DIR]`:
 * start the next issue, or the translation of an issue, from a template.
 */
import {writeFile} from 'node:fs/promises'
import {join, relative, resolve, sep} from 'node:path'
import {UsageError, parseOptions} from './usage.ts'
import {isCalendarDate} from '../stages/front-matter.ts'
import {newIssueText, translationText} from '../authoring/new-issue.ts'
import {readArchive, usedNumbers} from '../stages/read-archive.ts'
import {report} from '../model/report.ts'
import {supportedLanguages, type Lang} from '../model/types.ts'
import {createIssueFile} from '../engine/write.ts'

/** Usage of the new command. */
export const newUsage = `Usage: bulletin new [options]

Create the next issue, content/issues/<date>/<lang>.md, with its number and
date filled in and an example article per directorate, commented out; or,
with --translate, the translation of an existing issue. Prints the path.

Options:
  --date YYYY-MM-DD   date of the new issue (default: today)
  --lang fr|en        language of the file (default: the site's first
                      language; with --translate, the missing one)
  --translate N       create the translation of issue N
  --content DIR       content folder (default: content)
  --help              show this help

It never overwrites a file. Exit code: 0 created, 1 nothing created,
2 usage or system error.
`

/** Run the new command; returns the exit code. */
export async function runNew(args: string[], cwd: string): Promise<number> {
  const {values} = parseOptions({
    args,
    options: {
      date: {type: 'string'},
      lang: {type: 'string'},
      translate: {type: 'string'},
      content: {type: 'string', default: 'content'},
      help: {type: 'boolean', short: 'h', default: false}
    },
    strict: true,
    allowPositionals: false
  })
  if (values.help) {
    process.stdout.write(newUsage)
    return 0
  }
  const lang = values.lang as Lang | undefined
  if (lang !== undefined && !supportedLanguages.includes(lang))
    throw new UsageError(
      `--lang: expected ${supportedLanguages.join(' or ')}, not \`${values.lang}\``
    )
  if (values.date !== undefined && !isCalendarDate(values.date))
    throw new UsageError(`--date: expected a date written YYYY-MM-DD, not \`${values.date}\``)
  if (values.translate !== undefined && !/^[1-9]\d*$/.test(values.translate))
    throw new UsageError(`--translate: expected an issue number, not \`${values.translate}\``)
  if (values.translate !== undefined && values.date !== undefined)
    throw new UsageError('--date: a translation has the date of its original')

  const display = (path: string): string => relative(cwd, path).split(sep).join('/')
  const content = resolve(cwd, values.content)
  const {archive, files} = await readArchive(values.content, cwd)
  if (!archive) {
    process.stderr.write(report(files))
    return 1
  }
  const {config} = archive
  if (lang !== undefined && !config.languages.includes(lang))
    throw new UsageError(`--lang: \`${lang}\` is not among the site’s languages in site.yml`)

  if (values.translate !== undefined) {
    const number = Number(values.translate)
    const issue = archive.issues.find((item) => item.number === number)
    const original = issue?.files[issue.original]
    if (!issue || !original?.data.matter) {
      process.stderr.write(`Nothing created: there is no issue ${number} in ${display(content)}.\n`)
      return 1
    }
    const to = lang ?? config.languages.find((item) => !issue.files[item])
    if (to === undefined || issue.files[to] || to === issue.original) {
      process.stderr.write(
        `Nothing created: issue ${number} is already in ${Object.keys(issue.files).join(' and ')}.\n`
      )
      return 1
    }
    const path = join(content, 'issues', issue.folder, `${to}.md`)
    try {
      await writeFile(
        path,
        translationText(original.data.matter, {number, from: issue.original, to}),
        {flag: 'wx'}
      )
    } catch (error) {
      throw new Error(`Cannot create ${display(path)}`, {cause: error})
    }
    process.stdout.write(`${display(path)}\n`)
    return 0
  }

  const date = values.date ?? today()
  const number = Math.max(0, ...usedNumbers(files)) + 1
  const fileLang = lang ?? config.languages[0] ?? 'fr'
  const folder = join(content, 'issues', date)
  try {
    const path = await createIssueFile(
      folder,
      `${fileLang}.md`,
      newIssueText(config, {number, date, lang: fileLang})
    )
    process.stdout.write(`${display(path)}\n`)
    return 0
  } catch (error) {
    if ((error as {cause?: {code?: string}}).cause?.code !== 'EEXIST') throw error
    process.stderr.write(
      `Nothing created: ${display(folder)} already exists; give another date with --date.\n`
    )
    return 1
  }
}

/** The writer's date today, in their time zone: the day they would write on the issue. */
function today(): string {
  const now = new Date()
  const pad = (value: number): string => String(value).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}
