/**
 * What puts a file in a stage, as plain data, and doing it: the same
 * whether the build's own thread does it or the stage's writer thread (see
 * `stage-writer.ts`). Paths are absolute and already checked to lie in the
 * stage (see `inside`).
 */
import {copyFileSync, linkSync, mkdirSync, writeFileSync} from 'node:fs'
import {dirname} from 'node:path'

/** A file to put in a stage, or folders to make there first. */
export type StageJob =
  /** Folders to make, parents first. */
  | {folders: string[]}
  /** A file's bytes, or a link to `link` (a file of the previous site with these bytes) when it can be made. */
  | {target: string; bytes: Uint8Array; link?: string}
  /** A file of the previous site kept as it is: linked, or copied where links cannot be made. */
  | {target: string; keep: string}

/** Do `job`; `made` holds the folders made so far, so that each is made once. */
export function runStageJob(job: StageJob, made: Set<string>): void {
  if ('folders' in job) {
    for (const folder of job.folders) makeFolder(folder, made)
    return
  }
  makeFolder(dirname(job.target), made)
  if ('keep' in job) {
    linkOrCopy(job.keep, job.target)
    return
  }
  if (job.link !== undefined) {
    try {
      linkSync(job.link, job.target)
      return
    } catch {
      // A file system without hard links, or the file just went: write it.
    }
  }
  writeFileSync(job.target, job.bytes)
}

/** The file a job puts in the stage, or its first folder: for a message that says where it failed. */
export function jobPath(job: StageJob): string {
  return 'folders' in job ? (job.folders[0] ?? '') : job.target
}

function makeFolder(folder: string, made: Set<string>): void {
  if (made.has(folder)) return
  mkdirSync(folder, {recursive: true})
  made.add(folder)
}

/** A hard link, or a copy on a file system without them. */
export function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to)
  } catch {
    copyFileSync(from, to)
  }
}
