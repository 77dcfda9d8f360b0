/**
 * The last site `bulletin build` wrote, for the dev server's first build:
 * the step records of that build, so that a page whose inputs are the same
 * is not laid out again, and its files, served from there only while their
 * bytes are those the build recorded (the record is signed with the cache).
 * Nothing of the output folder is trusted otherwise, and none of it is run.
 */
import type {Cache} from '../engine/cache.ts'
import {join} from 'node:path'
import {untouchedFiles, untouchedOutputs} from '../engine/previous-site.ts'
import {createLayoutState, type LayoutState} from '../stages/layout.ts'
import type {StepRecord} from '../engine/store.ts'

/** What the dev server takes from the last build. */
export interface LastSite {
  /** A layout state that revives the files the last build left as they were. */
  layout: LayoutState
  /**
   * A file the last build wrote and left as it recorded it (by its size,
   * times and inode), to serve from there while its bytes have the digest
   * of the signed record (see `serve.ts`); undefined for any other.
   */
  kept(path: string): {kept: string; digest: string} | undefined
}

/** The last build's site in `out`, if the cache holds its record; `values` are the cache's persisted values. */
export async function lastSite(
  cache: Cache,
  out: string,
  values: readonly StepRecord[]
): Promise<LastSite | undefined> {
  const last = await cache.readBuild()
  if (!last) return undefined
  const linkable = untouchedOutputs(out, last.outputs)
  if (linkable.size === 0) return undefined
  const layout = createLayoutState({
    code: cache.code,
    records: [...(await last.readSteps()), ...values],
    has: (path) => linkable.has(path),
    // A page refilled with new assets checks its bytes against its own record.
    read: untouchedFiles(out, linkable)
  })
  return {
    layout,
    kept: (path) => {
      const digest = linkable.get(path)
      return digest === undefined ? undefined : {kept: join(out, path), digest}
    }
  }
}
