/**
 * `bulletin status [--content DIR] [--json]`: the translation status of
 * the archive. File times come from git (the last commit touching each
 * file), or from the file itself outside git.
 */
import {stat} from 'node:fs/promises'
import {resolve} from 'node:path'
import {fileHistories, sectionHistories, type FileHistory} from '../authoring/history.ts'
import {readArchive} from '../stages/read-archive.ts'
import {report} from '../model/report.ts'
import {formatStatus, translationStatus} from '../authoring/status.ts'
import {colorsOn} from './terminal.ts'
import {parseOptions} from './usage.ts'

/** Usage of the status command. */
export const statusUsage = `Usage: bulletin status [options]

Show the translation status of the archive: per issue, the languages it
exists in, the sections missing from each translation, the translations
older than their original (by their last git commit, or the file's time
outside git), and per section, those older than their original's (by the
commits of their lines) and those whose figures differ from it.

Options:
  --content DIR   content folder (default: content)
  --json          print JSON, for scripts
  --help          show this help

Exit code: 0 shown, 1 the content cannot be read, 2 usage or system error.
`

/** Run the status command; returns the exit code. */
export async function runStatus(args: string[], cwd: string): Promise<number> {
  const {values} = parseOptions({
    args,
    options: {
      content: {type: 'string', default: 'content'},
      json: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false}
    },
    strict: true,
    allowPositionals: false
  })
  if (values.help) {
    process.stdout.write(statusUsage)
    return 0
  }
  const {archive, files} = await readArchive(values.content, cwd)
  if (!archive) {
    process.stderr.write(report(files, {color: colorsOn(process.stderr)}))
    return 1
  }
  const paths = archive.issues.flatMap((issue) =>
    Object.values(issue.files).map((file) => file.path)
  )
  const histories = await fileHistories(resolve(cwd, values.content))
  const times = await lastChanges(histories, paths, cwd)
  const sections = await sectionHistories(archive, histories, cwd)
  const statuses = translationStatus(archive, times, sections)
  process.stdout.write(
    values.json ? `${JSON.stringify(statuses, null, 2)}\n` : formatStatus(statuses)
  )
  return 0
}

/** When each file last changed: its last commit, else its modification time. */
async function lastChanges(
  histories: ReadonlyMap<string, FileHistory>,
  paths: readonly string[],
  cwd: string
): Promise<Map<string, number>> {
  const times = new Map<string, number>()
  for (const path of paths) {
    const absolute = resolve(cwd, path)
    times.set(path, histories.get(absolute)?.last ?? (await stat(absolute)).mtimeMs)
  }
  return times
}
