/**
 * The store's values on disk: the records of the steps that persist their
 * value (front matters and renderings, see `Persist`), each with its data, in
 * 64 shards by a digest of the step's id. A build reads them all and
 * writes again only the shards in which a record is new, changed or gone:
 * after one issue changed, one shard. Every record read back is checked
 * for its shape, and then by the store like any other (its code version
 * and its dependencies' fingerprints) before its data is taken.
 */
import {createHash} from 'node:crypto'
import type {Persisted, StepRecord} from './store.ts'

/** Number of shards: about 250 values each for 4,000 issues in two languages. */
export const valueShards = 64

/** Where shards are read from and written to (see `cache-files.ts`). */
export interface ShardFiles {
  read(name: string): Promise<unknown>
  write(name: string, value: unknown): Promise<void>
  remove(name: string): Promise<void>
}

/** The shard of a step's id. */
export function shardOf(id: string): number {
  return createHash('sha1').update(id).digest().readUInt16BE(0) % valueShards
}

/** What each shard held when read, as the records' signatures: what a later write compares with. */
export type ReadValues = Map<number, Set<string>>

/** Every sound record in the value shards; `read` notes them by shard. */
export async function readValueShards(files: ShardFiles, read: ReadValues): Promise<StepRecord[]> {
  const records: StepRecord[] = []
  for (let shard = 0; shard < valueShards; shard++) {
    const value = await files.read(valueShard(shard))
    if (!Array.isArray(value)) continue
    const sound = (value as unknown[]).filter(isStepRecord)
    // A record in the wrong shard was not written by this code: none of the shard is used.
    if (sound.some((record) => shardOf(record.id) !== shard)) continue
    records.push(...sound)
    if (sound.length > 0) read.set(shard, new Set(sound.map(signature)))
  }
  return records
}

/**
 * Write the shards whose records differ from those `read`; remove those
 * left empty. No record at all is a build that stopped before its front
 * matters (an unusable configuration): what the shards hold stays.
 */
export async function writeValueShards(
  files: ShardFiles,
  persisted: readonly Persisted[],
  read: ReadValues
): Promise<void> {
  if (persisted.length === 0) return
  const now = new Map<number, Persisted[]>()
  for (const entry of persisted) {
    const shard = shardOf(entry.record.id)
    const members = now.get(shard)
    if (members) members.push(entry)
    else now.set(shard, [entry])
  }
  for (let shard = 0; shard < valueShards; shard++) {
    const entries = now.get(shard) ?? []
    const signatures = new Set(entries.map(({record}) => signature(record)))
    const before = read.get(shard) ?? new Set()
    if (signatures.size === before.size && [...signatures].every((known) => before.has(known)))
      continue
    if (entries.length === 0) await files.remove(valueShard(shard))
    else
      await files.write(
        valueShard(shard),
        entries.map(({record, data}) => ({...record, data: data()}))
      )
    // Where an earlier version kept the front matters and the renderings.
    for (const old of ['matters', 'renders']) await files.remove(`${old}-${number(shard)}.bin`)
    read.set(shard, signatures)
  }
}

/** The name of a shard's file in the cache folder. */
export function valueShard(shard: number): string {
  return `values-${number(shard)}.bin`
}

function number(shard: number): string {
  return String(shard).padStart(2, '0')
}

/** What makes a record: the same signature, the same data (a step is pure). */
function signature(record: StepRecord): string {
  return [record.id, record.fingerprint, record.key, ...record.deps.flat()].join('\0')
}

/** Whether a value read back is shaped as a step's record: anything else is left out. */
export function isStepRecord(value: unknown): value is StepRecord {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return (
    typeof record.id === 'string' &&
    typeof record.fingerprint === 'string' &&
    typeof record.key === 'string' &&
    Array.isArray(record.deps) &&
    record.deps.every(
      (dep) =>
        Array.isArray(dep) &&
        dep.length === 2 &&
        typeof dep[0] === 'string' &&
        typeof dep[1] === 'string'
    )
  )
}
