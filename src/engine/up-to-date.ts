/**
 * The up-to-date check: a build whose inputs are the files the last build
 * read, unchanged, and whose output folder is as that build left it, has
 * nothing to do. As in make and git, a file is taken as unchanged when its
 * size, modification time and inode are; a file changed too recently for
 * its time to tell is never trusted.
 */
import {createHash} from 'node:crypto'
import {lstatSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'

/**
 * Files modified less than this long before the check may be modified again
 * within the same tick of the file system's clock (2 s on FAT).
 */
export const racyMilliseconds = 2000

/**
 * A fingerprint of `roots` and of every file and folder under them (path,
 * kind, size, time, inode), and of `extra`; `undefined` when a file is too
 * recent to trust.
 */
export function inputStamp(
  roots: readonly string[],
  extra: string,
  now = Date.now()
): string | undefined {
  const hash = createHash('sha256').update(extra).update('\0')
  for (const root of roots) {
    // Synchronous: thousands of stats of cached inodes take less time than
    // their round trips through the thread pool would.
    const listed = list(root)
    for (const path of [root, ...listed.sort().map((name) => join(root, name))]) {
      // A link is followed: what a build reads through it is what counts.
      const link = lstatSync(path, {throwIfNoEntry: false})
      const stats = link?.isSymbolicLink() ? statSync(path, {throwIfNoEntry: false}) : link
      if (stats?.isFile() && stats.mtimeMs > now - racyMilliseconds) return undefined
      hash.update(
        stats
          ? `${path} ${stats.isDirectory() ? 'd' : 'f'} ${stats.size} ${stats.mtimeMs} ${stats.ino}\n`
          : `${path} missing\n`
      )
    }
  }
  return hash.digest('hex')
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
