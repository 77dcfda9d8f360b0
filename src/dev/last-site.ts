/**
 * The last site `bulletin build` wrote, for the dev server's first build:
 * the step records of that build, so that a page whose inputs are the same
 * is not laid out again, and its files, read back only when their bytes
 * are those the build recorded (the record is signed with the cache).
 * Nothing of the output folder is trusted otherwise, and none of it is run.
 */
import type {Cache} from '../engine/cache.ts'
import {recordedFiles, untouchedFiles, untouchedOutputs} from '../engine/previous-site.ts'
import {createLayoutState, type LayoutState} from '../stages/layout.ts'
import type {StepRecord} from '../engine/store.ts'

/** What the dev server takes from the last build. */
export interface LastSite {
  /** A layout state that revives the files the last build left as they were. */
  layout: LayoutState
  /** The bytes of a file the last build wrote, if they are still those it recorded. */
  read(path: string): Uint8Array | undefined
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
  return {layout, read: recordedFiles(out, linkable)}
}
