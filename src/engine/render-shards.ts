/**
 * The renderings on disk, in shards by a digest of the file's path: a
 * build reads them all, and writes again only the shards in which a
 * rendering is new or gone. After one issue changed, one shard of
 * {@link renderShards} is written instead of every rendering, and no build
 * ever holds the whole cache serialized at once.
 *
 * A shard holds what decides whether a rendering still holds (key, link
 * targets, messages, assets) apart from its trees, which stay serialized
 * until a page that shows them is laid out: a warm build lays out a few
 * pages, and never spends the time and memory of every tree. The shard's
 * file is verified whole when it is read (see `cache-files.ts`), so the
 * bytes taken apart later are those the build signed.
 */
import {createHash} from 'node:crypto'
import {deserialize, serialize} from 'node:v8'
import {reviveMessages, storeMessages, type StoredMessage} from '../model/message.ts'
import type {RenderedIssue} from '../model/types.ts'
import type {CachedRender, RenderCache} from './render-cache.ts'

/** Number of shards: about 125 renderings each for 4,000 issues in two languages. */
export const renderShards = 64

/** A rendering as stored, but its trees: its messages as plain data, its revision never. */
type Stored = Omit<CachedRender, 'messages' | 'revision' | 'rendered'> & {messages: StoredMessage[]}

/** A shard's file: the renderings' other fields, and their trees serialized apart, in the same order. */
type StoredShard = [entries: [path: string, stored: Stored][], trees: Uint8Array]

/** Where shards are read from and written to (see `cache-files.ts`). */
export interface ShardFiles {
  read(name: string): Promise<unknown>
  write(name: string, value: unknown): Promise<void>
  remove(name: string): Promise<void>
}

/** The renderings read, by shard: what a later write compares with. */
export type ReadShards = Map<number, Set<CachedRender>>

/** The name of a shard's file in the cache folder. */
export function shardName(shard: number): string {
  return `renders-${String(shard).padStart(2, '0')}.bin`
}

/** The shard of an issue file's path. */
export function shardOf(path: string): number {
  return createHash('sha1').update(path).digest().readUInt16BE(0) % renderShards
}

/** Every rendering in the shards that are sound; `read` records them by shard. */
export async function readRenderShards(files: ShardFiles, read: ReadShards): Promise<RenderCache> {
  const cache: RenderCache = new Map()
  for (let shard = 0; shard < renderShards; shard++) {
    const value = await files.read(shardName(shard))
    const revived = isStoredShard(value) ? reviveShard(value, shard) : []
    for (const [path, entry] of revived) cache.set(path, entry)
    if (revived.length > 0) read.set(shard, new Set(revived.map(([, entry]) => entry)))
  }
  return cache
}

function isStoredShard(value: unknown): value is StoredShard {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    Array.isArray(value[0]) &&
    value[1] instanceof Uint8Array
  )
}

/** A shard's renderings, each with its trees taken from the shard's bytes when first asked for. */
function reviveShard([entries, bytes]: StoredShard, shard: number): [string, CachedRender][] {
  // A path in the wrong shard was not written by this code: none of the shard is used.
  if (!entries.every((item) => Array.isArray(item) && typeof item[0] === 'string')) return []
  if (entries.some(([path]) => shardOf(path) !== shard)) return []
  let trees: RenderedIssue[] | undefined
  const treeOf = (index: number): RenderedIssue => {
    trees ??= deserialize(bytes) as RenderedIssue[]
    const tree = trees[index]
    if (tree === undefined)
      throw new Error(`${shardName(shard)} lacks the trees of rendering ${index}`)
    return tree
  }
  return entries.map(([path, stored], index) => {
    const entry = revive(path, stored) as Omit<CachedRender, 'rendered'>
    Object.defineProperty(entry, 'rendered', {
      get: () => treeOf(index),
      enumerable: true,
      configurable: true
    })
    return [path, entry as CachedRender]
  })
}

/** Write the shards whose renderings differ from those `read`; remove those left empty. */
export async function writeRenderShards(
  files: ShardFiles,
  cache: RenderCache,
  read: ReadShards
): Promise<void> {
  const now = new Map<number, [string, CachedRender][]>()
  for (const [path, entry] of cache) {
    const shard = shardOf(path)
    const members = now.get(shard) ?? []
    members.push([path, entry])
    now.set(shard, members)
  }
  for (let shard = 0; shard < renderShards; shard++) {
    const entries = now.get(shard) ?? []
    const before = read.get(shard) ?? new Set()
    if (entries.length === before.size && entries.every(([, entry]) => before.has(entry))) continue
    if (entries.length === 0) await files.remove(shardName(shard))
    else {
      const stored: StoredShard = [
        entries.map(([path, entry]) => [path, store(entry)]),
        serialize(entries.map(([, entry]) => entry.rendered))
      ]
      await files.write(shardName(shard), stored)
    }
    read.set(shard, new Set(entries.map(([, entry]) => entry)))
  }
}

function store(entry: CachedRender): Stored {
  // The revision is made again from what is read back, never taken from the disk.
  return {
    key: entry.key,
    targets: entry.targets,
    messages: storeMessages(entry.messages),
    usedAssets: entry.usedAssets
  }
}

function revive(path: string, stored: Stored): Omit<CachedRender, 'rendered'> {
  return {
    key: stored.key,
    targets: stored.targets,
    messages: reviveMessages(path, stored.messages),
    usedAssets: stored.usedAssets
  }
}
