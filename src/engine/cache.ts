/**
 * The persistent cache, `.cache/bulletin/` (git-ignored, safe to delete):
 * the store's disk layer (the values it keeps with their records: front
 * matters, renderings and the search index's shards, see `value-shards.ts`)
 * and the record of the last build. It is keyed by the version of all of
 * Bulletin's code (see `code-version.ts`), and each file is signed with a
 * key that does not live in the cache (see {@link cacheSecret}): a cache
 * that is stale, corrupt, from another version or written by anyone
 * without the key is ignored and rebuilt, never trusted.
 */
import {createHash, randomBytes} from 'node:crypto'
import {mkdir} from 'node:fs/promises'
import {join} from 'node:path'
import {VFile} from 'vfile'
import {
  cacheSecret,
  describe,
  readCacheFile,
  removeCacheFile,
  writeCacheFile,
  type CacheFiles
} from './cache-files.ts'
import type {Persisted, StepRecord} from './store.ts'
import {codeVersion} from './code-version.ts'
import {acquireLock, type Lock} from './lock.ts'
import {reviveMessages, storeMessages, warn, type StoredMessage} from '../model/message.ts'
import type {OutputEntry, OutputRecord} from './previous-site.ts'
import {isSnapshot, type InputSnapshot} from './up-to-date.ts'
import {
  isStepRecord,
  readValueShards,
  writeValueShards,
  type ReadValues,
  type ShardFiles
} from './value-shards.ts'

export {cacheSecret} from './cache-files.ts'

/** Where the commands keep the cache, relative to the current folder. */
export const defaultCacheFolder = '.cache/bulletin'

const format = 'bulletin-render-cache 8'

/** What the last written build read and wrote: the next build with the same inputs has nothing to do. */
export interface BuildRecord {
  /** What it read (see `takeSnapshot`); none when it could not be trusted. */
  inputs: InputSnapshot | undefined
  /** What it left in the output folder. */
  outputs: OutputRecord
  /** The output folder's folders, by path ('' for itself), with their identities (see `outputIntact`). */
  folders: Map<string, string>
  /** Its files that had messages, with them, to report them again. */
  files: VFile[]
  /** How many pages it built. */
  pages: number
  /** What each file of the site read, for the next build to revive those unchanged (see `store.ts`). */
  steps: StepRecord[]
}

/** The last build as read back: its step records, much larger, are read only by a build with work to do. */
export type LastBuild = Omit<BuildRecord, 'steps'> & {readSteps(): Promise<StepRecord[]>}

/**
 * `build.bin`: what the up-to-date check reads. The step records are in
 * `steps.bin`, which holds the same random id: records left by another
 * build (one killed between the two writes) are not used.
 */
interface StoredBuild {
  inputs: InputSnapshot | undefined
  outputs: [string, OutputEntry][]
  folders: [string, string][]
  files: [string, StoredMessage[]][]
  pages: number
  steps: string
}

/** The cache folder of one build: what it holds, read and written whole. */
export interface Cache {
  /** Warnings about the cache itself: a folder or file that cannot be used, a missing key. */
  report: VFile
  /** The version of the code its values are made by (see `code-version.ts`), computed once. */
  code: string
  /** Release the folder's lock, if held. */
  close(): void
  /** The records of the steps that persist their value (front matters, renderings), with it; none when unsound. */
  readValues(): Promise<StepRecord[]>
  /** Keep the store's persisted values for the next build. */
  writeValues(persisted: readonly Persisted[]): Promise<void>
  /** The record of the last build written, if it is sound. */
  readBuild(): Promise<LastBuild | undefined>
  /** Keep the record of this build. */
  writeBuild(record: BuildRecord): Promise<void>
}

/** Options of {@link openCache}. */
export interface CacheOptions {
  /** How messages name the folder (a path relative to the current folder). */
  name?: string
  /** Hold the folder's lock while the cache is open, so that two builds never share it (see `lock.ts`). */
  exclusive?: boolean
  /** Where the key is found; `process.env` by default (see {@link cacheSecret}). */
  env?: NodeJS.ProcessEnv
  /** The version of the code the cache's values are made by; {@link codeVersion} by default. */
  code?: string
}

/**
 * Open the cache in `folder`; the pipeline's key is computed once for all
 * its files. A cache that cannot be used is a warning in `report`, and
 * the build goes on without it. Throws a `LockedError` when `exclusive` and
 * another build holds the folder.
 */
export async function openCache(folder: string, options: CacheOptions = {}): Promise<Cache> {
  const report = new VFile({path: options.name ?? folder})
  const secret = cacheSecret(options.env ?? process.env)
  if (secret.problem !== undefined) warn(report, secret.problem, undefined, 'cache-unusable')
  let lock: Lock | undefined
  if (options.exclusive && secret.key) {
    try {
      await mkdir(folder, {recursive: true})
    } catch (error) {
      warn(
        report,
        `Cannot create the cache folder (${describe(error)}): building without it`,
        undefined,
        'cache-unusable'
      )
    }
    if (report.messages.length === 0)
      lock = acquireLock(join(folder, 'build.lock'), `the cache folder ${options.name ?? folder}`)
  }
  const usable = secret.key !== undefined && report.messages.length === 0
  // Files made by other code are another's: one version of all of Bulletin's code keys them all.
  const code = options.code ?? codeVersion()
  const pipeline = createHash('sha256')
    .update(format)
    .update('\0')
    .update(code)
    .digest('hex')
    .slice(0, 64)
  const files: CacheFiles = {folder, report, pipeline, secret: secret.key ?? Buffer.alloc(0)}
  const read = async (name: string): Promise<unknown> =>
    usable ? readCacheFile(files, name) : undefined
  const write = async (name: string, value: unknown): Promise<void> =>
    usable ? writeCacheFile(files, name, value) : undefined
  const shards: ShardFiles = {
    read,
    write,
    remove: async (name) => (usable ? removeCacheFile(files, name) : undefined)
  }
  const readValues: ReadValues = new Map()
  return {
    report,
    code,
    close: () => lock?.release(),
    readValues: () => readValueShards(shards, readValues),
    writeValues: async (persisted) => {
      await writeValueShards(shards, persisted, readValues)
      // Where earlier versions kept every rendering, and the search index, in one file.
      await shards.remove('renders.bin')
      await shards.remove('search.bin')
    },
    readBuild: async () => {
      const value = (await read('build.bin')) as StoredBuild | undefined
      if (
        !value ||
        !Array.isArray(value.outputs) ||
        !Array.isArray(value.folders) ||
        !(value.inputs === undefined || isSnapshot(value.inputs)) ||
        !Array.isArray(value.files) ||
        typeof value.steps !== 'string'
      )
        return undefined
      const revived = value.files.map(([path, messages]) => {
        const file = new VFile({path})
        file.messages.push(...reviveMessages(path, messages))
        return file
      })
      const readSteps = async (): Promise<StepRecord[]> => {
        const stored = (await read('steps.bin')) as {id?: unknown; steps?: unknown} | undefined
        return stored?.id === value.steps && Array.isArray(stored.steps)
          ? stored.steps.filter(isStepRecord)
          : []
      }
      return {
        inputs: value.inputs,
        outputs: new Map(value.outputs),
        folders: new Map(value.folders),
        files: revived,
        pages: value.pages,
        readSteps
      }
    },
    writeBuild: async (record) => {
      const id = randomBytes(12).toString('hex')
      await write('steps.bin', {id, steps: record.steps})
      const stored: StoredBuild = {
        inputs: record.inputs,
        outputs: [...record.outputs],
        folders: [...record.folders],
        files: record.files
          .filter((file) => file.messages.length > 0)
          .map((file) => [file.path, storeMessages(file.messages)]),
        pages: record.pages,
        steps: id
      }
      await write('build.bin', stored)
    }
  }
}
