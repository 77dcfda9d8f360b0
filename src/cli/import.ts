/**
 * `bulletin import FILE.txt [--date YYYY-MM-DD] [--issue N] [--content DIR]`:
 * the thin command around the importer. It reads the export and the
 * archive, and creates `issues/<date>/fr.md`; it never overwrites.
 */
import {existsSync} from 'node:fs'
import {join, relative, resolve, sep} from 'node:path'
import {isCalendarDate} from '../stages/front-matter.ts'
import {importExport} from '../authoring/import.ts'
import {readText} from '../stages/read-text.ts'
import {hasErrors} from '../model/message.ts'
import {readArchive, usedNumbers} from '../stages/read-archive.ts'
import {report} from '../model/report.ts'
import {UsageError, parseOptions} from './usage.ts'
import {createIssueFile} from '../engine/write.ts'

/** Usage of the import command. */
export const importUsage = `Usage: bulletin import FILE.txt [options]

Turn a plain-text export of a bulletin into a new issue folder,
content/issues/<date>/fr.md, and print what it could not decide.

Options:
  --date YYYY-MM-DD   date of the issue, when the text says none
  --issue N           its number (default: the next free one)
  --content DIR       content folder (default: content)
  --help              show this help

It never overwrites an existing issue. Exit code: 0 created, 1 nothing
created (see the messages), 2 usage or system error.
`

/** Run the import command; returns the exit code. */
export async function runImport(args: string[], cwd: string): Promise<number> {
  const {values, positionals} = parseOptions({
    args,
    options: {
      date: {type: 'string'},
      issue: {type: 'string'},
      content: {type: 'string', default: 'content'},
      help: {type: 'boolean', short: 'h', default: false}
    },
    strict: true,
    allowPositionals: true
  })
  if (values.help) {
    process.stdout.write(importUsage)
    return 0
  }
  const [source, ...extra] = positionals
  if (source === undefined || extra.length > 0) throw new UsageError('Expected one export file')
  if (values.date !== undefined && !isCalendarDate(values.date))
    throw new UsageError(`--date: expected a date written YYYY-MM-DD, not ${values.date}`)
  if (values.issue !== undefined && !/^[1-9]\d*$/.test(values.issue))
    throw new UsageError(`--issue: expected a positive whole number, not ${values.issue}`)

  const display = (path: string): string => relative(cwd, path).split(sep).join('/')
  const content = resolve(cwd, values.content)
  const {archive, files} = await readArchive(values.content, cwd)
  const file = await readText(resolve(cwd, source), display)
  if (!archive || hasErrors([file])) {
    process.stderr.write(report([...files.slice(0, 1), file]))
    return 1
  }
  const {config} = archive
  const used = usedNumbers(files)
  const issue = values.issue === undefined ? Math.max(0, ...used) + 1 : Number(values.issue)
  if (used.has(issue))
    throw new UsageError(`--issue: issue ${issue} already exists in ${display(content)}`)

  const result = importExport(file, {
    config,
    issue,
    ...(values.date === undefined ? {} : {date: values.date})
  })
  const problems = report([file])
  if (problems) process.stderr.write(problems)
  if (!result) return 1

  const folder = join(content, 'issues', result.date)
  if (existsSync(folder)) {
    process.stderr.write(
      `Nothing created: ${display(folder)} already exists, and an import never overwrites.\n`
    )
    return 1
  }
  const path = await createIssueFile(folder, 'fr.md', result.markdown)
  process.stdout.write(
    `Created ${display(path)} (issue ${issue}, ${result.date}). Settle the warnings above, then run \`bulletin build\`.\n`
  )
  return 0
}
