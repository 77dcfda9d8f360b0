/**
 * `bulletin status [--content DIR] [--json]`: the translation status of
 * the archive. File times come from git (the last commit touching each
 * file), or from the file itself outside git.
 */
import {execFile} from 'node:child_process'
import {stat} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import {promisify} from 'node:util'
import {readArchive} from '../stages/read-archive.ts'
import {report} from '../model/report.ts'
import {formatStatus, translationStatus} from '../authoring/status.ts'
import {colorsOn} from './terminal.ts'
import {parseOptions} from './usage.ts'

const run = promisify(execFile)

/** Usage of the status command. */
export const statusUsage = `Usage: bulletin status [options]

Show the translation status of the archive: per issue, the languages it
exists in, the sections missing from each translation, and the
translations older than their original (by their last git commit, or the
file's time outside git).

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
  const times = await lastChanges(resolve(cwd, values.content), paths, cwd)
  const statuses = translationStatus(archive, times)
  process.stdout.write(
    values.json ? `${JSON.stringify(statuses, null, 2)}\n` : formatStatus(statuses)
  )
  return 0
}

/** When each file last changed: its last commit, else its modification time. */
async function lastChanges(
  content: string,
  paths: readonly string[],
  cwd: string
): Promise<Map<string, number>> {
  const committed = await commitTimes(content)
  const times = new Map<string, number>()
  for (const path of paths) {
    const absolute = resolve(cwd, path)
    const time = committed.get(absolute) ?? (await stat(absolute)).mtimeMs
    times.set(path, time)
  }
  return times
}

/** The time of the last commit touching each file under `folder`, by absolute path; empty outside git. */
async function commitTimes(folder: string): Promise<Map<string, number>> {
  const times = new Map<string, number>()
  try {
    const top = (await run('git', ['rev-parse', '--show-toplevel'], {cwd: folder})).stdout.trim()
    const {stdout} = await run(
      'git',
      [
        '-c',
        'core.quotePath=false',
        'log',
        '--format=%x00%ct',
        '--name-only',
        '--no-renames',
        '--',
        '.'
      ],
      {cwd: folder, maxBuffer: 256 * 1024 * 1024}
    )
    let time = 0
    for (const line of stdout.split('\n')) {
      if (line.startsWith('\0')) time = Number(line.slice(1)) * 1000
      else if (line !== '' && !times.has(join(top, line))) times.set(join(top, line), time)
    }
  } catch {
    // Not a git repository, or no git: the files' own times tell.
  }
  return times
}
