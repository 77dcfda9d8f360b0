/**
 * The front matters of the last build, in the disk cache for the next
 * process (as `bulletin dev` keeps them in memory): a file whose text, by
 * digest, and configuration are those it was parsed with is not parsed
 * again (YAML, schema and sections: about 1.5 s for 8,000 files). Kept in
 * the render cache's 64 shards by path: after one issue changed, one shard
 * of front matters is written again, not all of them.
 */
import {createHash} from 'node:crypto'
import type {MatterCache} from '../stages/read-archive.ts'
import {reviveMessages, storeMessages, type StoredMessage} from '../model/message.ts'
import type {IssueMatter, MarkdownPart, Section} from '../model/types.ts'
import {renderShards, shardOf, type ShardFiles} from './render-shards.ts'

/** A Markdown part as stored: where it lies in its file's text when it is a slice of it (most are). */
type StoredPart = MarkdownPart | {line: number; length: number}

/** A front matter as stored: its Markdown parts by where they lie, so the archive's text is not stored twice. */
export type StoredIssueMatter = Omit<IssueMatter, 'intro' | 'sections'> & {
  intro?: StoredPart
  sections: (Omit<Section, 'body'> & {body: StoredPart})[]
}

/** One file's entry as stored: path, text digest, configuration key, front matter, messages. */
type StoredMatter = [string, string, string, StoredIssueMatter | null, StoredMessage[]]

/** The digest a front matter's text is known by on disk. */
export function textDigest(value: string): string {
  return createHash('sha256').update(value).digest('base64')
}

type Entry = NonNullable<ReturnType<MatterCache['get']>>

/** The entries read, by shard: what a later write compares with. */
export type ReadMatterShards = Map<number, Set<Entry>>

/** Every front matter in the shards that are sound; `read` records them by shard. */
export async function readMatterShards(
  files: ShardFiles,
  read: ReadMatterShards
): Promise<MatterCache> {
  const matters: MatterCache = new Map()
  for (let shard = 0; shard < renderShards; shard++) {
    const revived = reviveMatters(await files.read(matterShard(shard)))
    // A path in the wrong shard was not written by this code: none of the shard is used.
    if ([...revived.keys()].some((path) => shardOf(path) !== shard)) continue
    for (const [path, entry] of revived) matters.set(path, entry)
    if (revived.size > 0) read.set(shard, new Set(revived.values()))
  }
  return matters
}

/** Write the shards whose entries differ from those `read`; remove those left empty. */
export async function writeMatterShards(
  files: ShardFiles,
  matters: MatterCache,
  read: ReadMatterShards
): Promise<void> {
  const now = new Map<number, MatterCache>()
  for (const [path, entry] of matters) {
    const shard = shardOf(path)
    now.set(shard, (now.get(shard) ?? new Map()).set(path, entry))
  }
  for (let shard = 0; shard < renderShards; shard++) {
    const entries = now.get(shard) ?? new Map()
    const before = read.get(shard) ?? new Set()
    if (entries.size === before.size && [...entries.values()].every((entry) => before.has(entry)))
      continue
    if (entries.size === 0) await files.remove(matterShard(shard))
    else await files.write(matterShard(shard), storeMatters(entries))
    read.set(shard, new Set(entries.values()))
  }
}

function matterShard(shard: number): string {
  return `matters-${String(shard).padStart(2, '0')}.bin`
}

/** The front matters as plain data; a text is hashed only if its entry has no digest yet. */
export function storeMatters(matters: MatterCache): StoredMatter[] {
  const stored: StoredMatter[] = []
  for (const [path, entry] of matters) {
    const messages = storeMessages(entry.messages)
    if (entry.value === undefined) {
      // Read back and not matched since (its file was not read): as it was read.
      if (entry.digest !== undefined)
        stored.push([path, entry.digest, entry.config, entry.stored ?? null, messages])
      continue
    }
    entry.digest ??= textDigest(entry.value)
    const matter = entry.matter ? packMatter(entry.matter, entry.value) : null
    stored.push([path, entry.digest, entry.config, matter, messages])
  }
  return stored
}

/** Offsets of the start of each line of `text`: line n starts at `starts[n - 1]`. */
function lineStarts(text: string): number[] {
  const starts = [0]
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1)
  return starts
}

function packMatter(matter: IssueMatter, text: string): StoredIssueMatter {
  const starts = lineStarts(text)
  const pack = (part: MarkdownPart): StoredPart => {
    const at = starts[part.line - 1]
    return at !== undefined && text.startsWith(part.value, at)
      ? {line: part.line, length: part.value.length}
      : part
  }
  const {intro, ...rest} = matter
  return {
    ...rest,
    ...(intro ? {intro: pack(intro)} : {}),
    sections: matter.sections.map((section) => ({...section, body: pack(section.body)}))
  }
}

/**
 * The front matter read back for the file whose text is `text` (its digest
 * matched): each Markdown part sliced out of it again; undefined when a
 * part does not fit in the text.
 */
export function unpackMatter(stored: StoredIssueMatter, text: string): IssueMatter | undefined {
  const starts = lineStarts(text)
  const unpack = (part: StoredPart): MarkdownPart | undefined => {
    if ('value' in part) return typeof part.value === 'string' ? part : undefined
    const at = starts[part.line - 1]
    if (at === undefined || at + part.length > text.length) return undefined
    return {value: text.slice(at, at + part.length), line: part.line}
  }
  const intro = stored.intro && unpack(stored.intro)
  if (stored.intro && !intro) return undefined
  const sections: Section[] = []
  for (const section of stored.sections) {
    const body = unpack(section.body)
    if (!body) return undefined
    sections.push({...section, body})
  }
  const {intro: _packed, ...rest} = stored
  return {...rest, ...(intro ? {intro} : {}), sections}
}

/**
 * The front matters read back, each entry checked for its shape (anything
 * else is left out, and its file parsed again); an empty cache for a value
 * that is not a list.
 */
export function reviveMatters(value: unknown): MatterCache {
  const matters: MatterCache = new Map()
  if (!Array.isArray(value)) return matters
  for (const item of value as unknown[]) {
    if (!Array.isArray(item) || item.length !== 5) continue
    const [path, digest, config, matter, messages] = item as unknown[]
    if (typeof path !== 'string' || typeof digest !== 'string' || typeof config !== 'string')
      continue
    if (!Array.isArray(messages) || !(matter === null || isMatter(matter))) continue
    matters.set(path, {
      digest,
      config,
      matter: undefined,
      ...(matter === null ? {} : {stored: matter}),
      messages: reviveMessages(path, messages as StoredMessage[])
    })
  }
  return matters
}

function isMatter(value: unknown): value is StoredIssueMatter {
  if (typeof value !== 'object' || value === null) return false
  const matter = value as Record<string, unknown>
  return (
    typeof matter.fields === 'object' &&
    matter.fields !== null &&
    typeof matter.fieldPositions === 'object' &&
    Array.isArray(matter.sections)
  )
}
