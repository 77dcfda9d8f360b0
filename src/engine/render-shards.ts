/**
 * The renderings on disk, in shards by a digest of the file's path: a
 * build reads them all, and writes again only the shards in which a
 * rendering is new or gone. After one issue changed, one shard of
 * {@link renderShards} is written instead of every rendering, and no build
 * ever holds the whole cache serialized at once.
 */
import {createHash} from 'node:crypto'
import {reviveMessages, storeMessages, type StoredMessage} from '../model/message.ts'
import type {CachedRender, RenderCache} from './render-cache.ts'

/** Number of shards: about 125 renderings each for 4,000 issues in two languages. */
export const renderShards = 64

/** A rendering as stored: its messages as plain data, its revision never. */
type Stored = Omit<CachedRender, 'messages' | 'revision'> & {messages: StoredMessage[]}

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
    const entries = await files.read(shardName(shard))
    if (!Array.isArray(entries)) continue
    const revived: [string, CachedRender][] = []
    for (const item of entries as unknown[]) {
      // A file in the wrong shard was not written by this code: none of it is used.
      if (!Array.isArray(item) || typeof item[0] !== 'string' || shardOf(item[0]) !== shard) {
        revived.length = 0
        break
      }
      revived.push([item[0], revive(item[0], item[1] as Stored)])
    }
    for (const [path, entry] of revived) cache.set(path, entry)
    const members = new Set(revived.map(([, entry]) => entry))
    if (members.size > 0) read.set(shard, members)
  }
  return cache
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
    now.set(shard, [...(now.get(shard) ?? []), [path, entry]])
  }
  for (let shard = 0; shard < renderShards; shard++) {
    const entries = now.get(shard) ?? []
    const before = read.get(shard) ?? new Set()
    if (entries.length === before.size && entries.every(([, entry]) => before.has(entry))) continue
    if (entries.length === 0) await files.remove(shardName(shard))
    else
      await files.write(
        shardName(shard),
        entries.map(([path, entry]) => [path, store(entry)])
      )
    read.set(shard, new Set(entries.map(([, entry]) => entry)))
  }
}

function store(entry: CachedRender): Stored {
  // The revision is made again from what is read back, never taken from the disk.
  const {revision: _made, ...stored} = entry
  return {...stored, messages: storeMessages(entry.messages)}
}

function revive(path: string, stored: Stored): CachedRender {
  const {revision: _stored, ...entry} = stored as Stored & {revision?: string}
  return {...entry, messages: reviveMessages(path, stored.messages)}
}
