/**
 * What the previous build left in the output folder, and how much of it is
 * trusted: a file is taken as that build wrote it only while its size,
 * times and inode are those recorded (its change time no one can set
 * back), and its bytes are used only where their digest is the one the
 * signed record gives, or where the caller checks them itself.
 */
import {createHash} from 'node:crypto'
import {lstatSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {inside} from './output-folder.ts'

/**
 * What a build left in the output folder, by path relative to it: the
 * digest of each file's bytes (none for copies) and its identity on disk,
 * so that the next build knows it is untouched without reading it.
 */
export type OutputRecord = Map<string, OutputEntry>

/** One file of an {@link OutputRecord}. */
export interface OutputEntry {
  digest: string
  size: number
  mtimeMs: number
  /** The inode's change time, which no one can set back as they can the modification time. */
  ctimeMs: number
  ino: number
}

/** The digest an {@link OutputRecord} keeps of a file's bytes. */
export function outputDigest(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64url')
}

/**
 * A reader of the files of `out` listed in `digests` (see
 * {@link untouchedOutputs}), as they are: for a caller that checks the bytes
 * itself. Any other path, or a file gone, reads as undefined.
 */
export function untouchedFiles(
  out: string,
  digests: ReadonlyMap<string, string>
): (path: string) => Uint8Array | undefined {
  return (path) => {
    if (!digests.has(path)) return undefined
    try {
      return readFileSync(inside(out, path))
    } catch {
      return undefined
    }
  }
}

/** The bytes of the file at `path`, if they are those whose digest is `digest`. */
export function recordedBytes(path: string, digest: string): Uint8Array | undefined {
  try {
    const bytes = readFileSync(path)
    return outputDigest(bytes) === digest ? bytes : undefined
  } catch {
    return undefined
  }
}

/**
 * Whether the output folder is exactly as the last build left it: each
 * folder with the time and inode recorded (a file added, removed or
 * renamed changes its folder's time), and each file with its size, times
 * and inode. Nothing is read or listed.
 */
export function outputIntact(
  out: string,
  previous: OutputRecord,
  folders: ReadonlyMap<string, string>
): boolean {
  if (!folders.has('')) return false
  for (const [path, identity] of folders) if (folderIdentity(out, path) !== identity) return false
  return untouchedOutputs(out, previous).size === previous.size
}

/** What tells a folder's entries changed: its modification and change times, and its inode. */
export function folderIdentity(root: string, path: string): string {
  const stats = lstatSync(join(root, path), {throwIfNoEntry: false})
  return stats?.isDirectory() ? `${stats.mtimeMs} ${stats.ctimeMs} ${stats.ino}` : 'none'
}

/**
 * Digests of the recorded files still as recorded in `out`: same size,
 * times and inode (a file changed by hand and its time set back has
 * another change time). Synchronous, as thousands of stats of cached inodes take
 * less time than their round trips through the thread pool would.
 */
export function untouchedOutputs(out: string, previous: OutputRecord): Map<string, string> {
  const kept = new Map<string, string>()
  for (const [path, entry] of previous) {
    const stats = lstatSync(join(out, path), {throwIfNoEntry: false})
    const same =
      stats?.isFile() &&
      stats.size === entry.size &&
      stats.mtimeMs === entry.mtimeMs &&
      stats.ctimeMs === entry.ctimeMs &&
      stats.ino === entry.ino
    if (same) kept.set(path, entry.digest)
  }
  return kept
}
