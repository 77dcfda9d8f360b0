/**
 * The render cache: an issue file's rendering is reused by the next build
 * of the same process (`bulletin dev`) when nothing it depends on changed:
 * its text, its folder's files, the processor of its language, and what
 * its links point to. Pure: the cache is a map its owner passes in.
 */
import {createHash} from 'node:crypto'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import type {Archive, LinkTarget} from '../stages/archive.ts'
import type {RenderedIssue} from '../model/types.ts'

/** A rendering and what it depended on. */
export interface CachedRender {
  /** Digest of the file's text, its folder's files and the processor. */
  key: string
  /** Issue folders the links consulted, with the digest of what they were. */
  targets: ReadonlyMap<string, string>
  rendered: RenderedIssue
  /** Messages of the render stage, replayed on a hit. */
  messages: readonly VFileMessage[]
  usedAssets: ReadonlySet<string>
  /** Its {@link revisionOf}, made once (in memory only: never stored). */
  revision?: string
}

/** Renderings by file path, from one build to the next. */
export type RenderCache = Map<string, CachedRender>

/** A short digest of strings, for keys. */
export function digest(...parts: readonly string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('base64url').slice(0, 22)
}

/** What a link into an issue folder can see of it. */
export function targetDigest(target: LinkTarget | undefined): string {
  if (target === undefined) return 'none'
  if (target.kind !== 'issue') return target.kind
  return `issue ${target.number} ${target.original} ${target.langs.join(',')} ${[...target.sectionIds].sort().join(',')}`
}

/**
 * Render keys of the previous build of the same process, by path, with
 * what they were made from: a file whose text is the same string is not
 * hashed again.
 */
export type RenderKeys = Map<string, {text: string; processor: string; assets: string; key: string}>

/** The key of a file's rendering, before its links are followed. */
export function renderKey(file: VFile, processorKey: string, keys?: RenderKeys): string {
  const text = String(file.value)
  const assets = [...(file.data.source?.assets.keys() ?? [])].sort()
  const known = keys?.get(file.path)
  const listed = assets.join('\0')
  if (known && known.text === text && known.processor === processorKey && known.assets === listed)
    return known.key
  const key = digest(processorKey, file.path, text, ...assets)
  keys?.set(file.path, {text, processor: processorKey, assets: listed, key})
  return key
}

/**
 * The cached rendering of `file`, if it still holds for `archive`.
 * `seen` keeps the digests of the targets of one build, as many files link to the same.
 */
export function cachedRender(
  cache: RenderCache | undefined,
  file: VFile,
  key: string,
  archive: Archive,
  seen: Map<string, string> = new Map()
): CachedRender | undefined {
  const entry = cache?.get(file.path)
  if (entry?.key !== key) return undefined
  for (const [folder, was] of entry.targets) {
    let now = seen.get(folder)
    if (now === undefined) {
      now = targetDigest(archive.targets.get(folder))
      seen.set(folder, now)
    }
    if (now !== was) return undefined
  }
  return entry
}

/** A file's revision: changes whenever its rendering may. */
export function revisionOf(entry: CachedRender): string {
  entry.revision ??= digest(entry.key, ...[...entry.targets].flat())
  return entry.revision
}
