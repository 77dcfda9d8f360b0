/**
 * The up-to-date check: a build whose inputs are the files the last build
 * read, unchanged, and whose output folder is as that build left it, has
 * nothing to do. As in make and git, a file is taken as unchanged when its
 * size, modification time and inode are, and a folder holds the same
 * entries when its time is the same (git's untracked cache does so); an
 * entry changed too recently for its time to tell is never trusted.
 */
import {createHash} from 'node:crypto'
import {lstatSync, readdirSync, readFileSync, statSync, type Stats} from 'node:fs'
import {join} from 'node:path'

/**
 * Files modified less than this long before the check may be modified again
 * within the same tick of the file system's clock (2 s on FAT).
 */
export const racyMilliseconds = 2000

/**
 * What a build read, as the next up-to-date check compares it: how it was
 * asked to build, and every file and folder under its roots with its
 * identity (kind, size, time, inode). A folder's time changes when an
 * entry is added to it, removed or renamed, so checking the entries
 * recorded finds every change without listing a folder again.
 */
export interface InputSnapshot {
  asked: string
  entries: [path: string, identity: string][]
}

/**
 * The snapshot of `roots`, and of `asked`; `undefined` when a file or
 * folder is too recent to trust.
 */
export function takeSnapshot(
  roots: readonly string[],
  asked: string,
  now = Date.now()
): InputSnapshot | undefined {
  const entries: [string, string][] = []
  for (const root of roots) {
    // Synchronous: thousands of stats of cached inodes take less time than
    // their round trips through the thread pool would.
    for (const path of [
      root,
      ...list(root)
        .sort()
        .map((name) => join(root, name))
    ]) {
      const stats = statOf(path)
      if (stats && stats.mtimeMs > now - racyMilliseconds) return undefined
      entries.push([path, identityOf(stats)])
    }
  }
  return {asked, entries}
}

/** Whether every entry of `snapshot` is as it was: the inputs did not change. */
export function snapshotHolds(snapshot: InputSnapshot): boolean {
  return snapshot.entries.every(([path, identity]) => identityOf(statOf(path)) === identity)
}

/** Whether a value read back is shaped as a snapshot: anything else is no snapshot. */
export function isSnapshot(value: unknown): value is InputSnapshot {
  if (typeof value !== 'object' || value === null) return false
  const {asked, entries} = value as Record<string, unknown>
  return (
    typeof asked === 'string' &&
    Array.isArray(entries) &&
    entries.every(
      (entry) =>
        Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string'
    )
  )
}

// A link is followed: what a build reads through it is what counts.
function statOf(path: string): Stats | undefined {
  const link = lstatSync(path, {throwIfNoEntry: false})
  return link?.isSymbolicLink() ? statSync(path, {throwIfNoEntry: false}) : link
}

function identityOf(stats: Stats | undefined): string {
  return stats
    ? `${stats.isDirectory() ? 'd' : 'f'} ${stats.size} ${stats.mtimeMs} ${stats.ino}`
    : 'missing'
}

/** Every path under `root`; none when it is a file or missing (its own line says so). */
function list(root: string): string[] {
  try {
    return readdirSync(root, {recursive: true, encoding: 'utf8'})
  } catch {
    return []
  }
}

/**
 * A digest of the contents of every file under `roots`: what a cache of
 * laid-out pages must be keyed by, as a page made by other code may differ.
 */
export function contentDigest(roots: readonly string[], extra: string): string {
  const hash = createHash('sha256').update(extra).update('\0')
  for (const root of roots) {
    for (const name of list(root).sort()) {
      const path = join(root, name)
      if (lstatSync(path).isFile()) hash.update(`${name}\0`).update(readFileSync(path)).update('\0')
    }
  }
  return hash.digest('hex')
}
