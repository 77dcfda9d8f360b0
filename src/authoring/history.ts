/**
 * What git knows of the issue files: when each was first and last
 * committed (one `git log` for the whole content folder), and, for the
 * issues whose original changed after its translation was begun, when each
 * line was last committed (`git blame`), from which each section's last
 * change follows. Outside git, nothing is known and the callers fall back
 * to the files' own times.
 */
import {execFile} from 'node:child_process'
import {join, resolve} from 'node:path'
import {promisify} from 'node:util'
import type {Archive} from '../stages/archive.ts'
import {sectionChanges} from './status.ts'

const run = promisify(execFile)

/** When a file was first and last committed, in ms, and whether it has changed since. */
export interface FileHistory {
  first: number
  last: number
  changed: boolean
}

/** The commits of every file under `folder`, by absolute path; empty outside git. */
export async function fileHistories(folder: string): Promise<Map<string, FileHistory>> {
  const histories = new Map<string, FileHistory>()
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
    // A file changed since the last commit changes with the next: it is as new as can be.
    const changed = await run(
      'git',
      ['-c', 'core.quotePath=false', 'diff', '--name-only', 'HEAD', '--', '.'],
      {cwd: folder, maxBuffer: 64 * 1024 * 1024}
    )
    let time = 0
    // Newest first: a file's first line is its last commit, its last line its first.
    for (const line of stdout.split('\n')) {
      if (line.startsWith('\0')) time = Number(line.slice(1)) * 1000
      else if (line !== '') {
        const path = join(top, line)
        const known = histories.get(path)
        if (known) known.first = time
        else histories.set(path, {first: time, last: time, changed: false})
      }
    }
    for (const line of changed.stdout.split('\n')) {
      const known = line === '' ? undefined : histories.get(join(top, line))
      if (known) known.changed = true
    }
  } catch {
    // Not a git repository, or no git: nothing is known.
  }
  return histories
}

/**
 * When each section of the issues' files last changed, by file path (as
 * the archive gives it) and section id: only for the issues where a
 * section can be older than its original, that is where the original was
 * committed again after its translation's first commit.
 */
export async function sectionHistories(
  archive: Archive,
  histories: ReadonlyMap<string, FileHistory>,
  cwd: string
): Promise<Map<string, Map<string, number>>> {
  const changes = new Map<string, Map<string, number>>()
  for (const issue of archive.issues) {
    const original = issue.files[issue.original]
    const originalHistory = original && histories.get(resolve(cwd, original.path))
    if (!original || !originalHistory) continue
    const translations = Object.values(issue.files).filter((file) => {
      const history = file !== original && histories.get(resolve(cwd, file.path))
      return history && (originalHistory.changed || history.first < originalHistory.last)
    })
    for (const file of translations.length > 0 ? [original, ...translations] : []) {
      const lines = await lineTimes(resolve(cwd, file.path))
      if (lines) changes.set(file.path, sectionChanges(file.data.matter?.sections ?? [], lines))
    }
  }
  return changes
}

/**
 * The time of the last commit of each line of `path` as it is on disk
 * (index 0 is line 1); a line not committed yet has the time of now.
 */
async function lineTimes(path: string): Promise<number[] | undefined> {
  try {
    const {stdout} = await run('git', ['blame', '--porcelain', '--', path], {
      cwd: resolve(path, '..'),
      maxBuffer: 64 * 1024 * 1024
    })
    const commits = new Map<string, number>()
    const times: number[] = []
    let commit = ''
    for (const line of stdout.split('\n')) {
      const header = /^([0-9a-f]{40}) \d+ \d+/.exec(line)
      if (header) commit = header[1] ?? ''
      else if (line.startsWith('committer-time '))
        commits.set(commit, Number(line.slice(15)) * 1000)
      else if (line.startsWith('\t')) times.push(commits.get(commit) ?? 0)
    }
    return times
  } catch {
    // Not committed, or git failed: the file's sections have no history.
    return undefined
  }
}
