/**
 * The dev server's site as files to serve, and what changed from one
 * build to the next: the builder's answer (see `builder.ts`).
 */
import {statSync} from 'node:fs'
import type {VFile} from 'vfile'
import type {Site} from '../engine/build-site.ts'
import type {LastSite} from './last-site.ts'
import {fileIdentity} from './serve.ts'

/**
 * A file of the site: its text or bytes; the file of the content folder it
 * is a copy of; or a file the last `bulletin build` left in the output
 * folder, served from there while its bytes have the recorded digest.
 */
export type SiteFile =
  {body: string | Uint8Array} | {from: string; identity: string} | {kept: string; digest: string}

/** Files that are new or changed, by path in the site, and the paths of those gone. */
export interface Changes {
  changed: Record<string, SiteFile>
  removed: string[]
}

/**
 * The files to serve after a partial site (see `Site.partial`): those
 * served, with the laid-out files that changed, and the copies that are
 * new; no look at the others.
 */
export function stepOf(
  site: Site,
  served: Map<string, SiteFile>
): Changes & {files: Map<string, SiteFile>} {
  // In place: nothing else keeps this map (a search refresh under way took its pages from it).
  const files = served
  const changed: Record<string, SiteFile> = {}
  const put = (path: string, file: SiteFile): void => {
    files.set(path, file)
    changed[path] = file
  }
  for (const file of site.outputs)
    if (site.changed.has(file.path)) put(file.path, {body: bytes(file)})
  for (const copy of site.copies) {
    const before = served.get(copy.to)
    if (before && 'from' in before && before.from === copy.from) continue
    const stats = statSync(copy.from, {throwIfNoEntry: false})
    if (stats) put(copy.to, {from: copy.from, identity: fileIdentity(stats)})
  }
  return {files, changed, removed: []}
}

/**
 * The site's files to serve: each laid-out file's bytes, a file kept from
 * the last build as it is served already or as that build left it (read at
 * each request, see `serve.ts`), and the copies by the file they come from.
 * Undefined when a kept file is not as that build recorded it.
 */
export function filesOf(
  site: Site,
  served: ReadonlyMap<string, SiteFile>,
  last: LastSite | undefined
): Map<string, SiteFile> | undefined {
  const files = new Map<string, SiteFile>()
  for (const file of site.outputs) {
    if (!file.data.page?.kept) {
      files.set(file.path, {body: bytes(file)})
      continue
    }
    const before = served.get(file.path)
    const kept = before && !('from' in before) ? before : last?.kept(file.path)
    if (kept === undefined) return undefined
    files.set(file.path, kept)
  }
  for (const copy of site.copies) {
    const stats = statSync(copy.from, {throwIfNoEntry: false})
    if (stats) files.set(copy.to, {from: copy.from, identity: fileIdentity(stats)})
  }
  return files
}

/**
 * What changed from `before` to `after`, when the layout says which laid-out
 * files changed: those, the files that are new, and the copied files whose
 * source changed; not a comparison of every page.
 */
export function changesOf(
  before: ReadonlyMap<string, SiteFile>,
  after: ReadonlyMap<string, SiteFile>,
  laidOut: ReadonlyMap<string, unknown>
): Changes {
  const changed: Record<string, SiteFile> = {}
  for (const [path, file] of after) {
    const previous = before.get(path)
    if (!previous || laidOut.has(path) || ('from' in file && !same(previous, file)))
      changed[path] = file
  }
  const removed: string[] = []
  for (const path of before.keys()) if (!after.has(path)) removed.push(path)
  return {changed, removed}
}

/** What changed from `before` to `after`. */
export function difference(
  before: ReadonlyMap<string, SiteFile>,
  after: ReadonlyMap<string, SiteFile>
): Changes {
  const changed: Record<string, SiteFile> = {}
  for (const [path, file] of after) {
    const previous = before.get(path)
    if (!previous || !same(previous, file)) changed[path] = file
  }
  return {changed, removed: [...before.keys()].filter((path) => !after.has(path))}
}

function same(a: SiteFile, b: SiteFile): boolean {
  if ('from' in a || 'from' in b)
    return 'from' in a && 'from' in b && a.from === b.from && a.identity === b.identity
  if ('kept' in a || 'kept' in b)
    return 'kept' in a && 'kept' in b && a.kept === b.kept && a.digest === b.digest
  return typeof a.body === 'string' && typeof b.body === 'string'
    ? a.body === b.body
    : Buffer.compare(Buffer.from(a.body), Buffer.from(b.body)) === 0
}

export function bytes(file: VFile): string | Uint8Array {
  return typeof file.value === 'string' ? file.value : (file.value ?? '')
}
