/**
 * The persistent render cache, `.cache/bulletin/` (git-ignored, safe to
 * delete): what each issue file rendered to, kept between builds. It is
 * keyed by each file's content and by the pipeline itself (the versions of
 * the unified packages and the text of Bulletin's render modules), and
 * checked by a digest of its bytes: a cache that is stale, corrupt or from
 * another version is ignored and rebuilt, never trusted.
 */
import {createHash} from 'node:crypto'
import {mkdir, readFile, rename, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {deserialize, serialize} from 'node:v8'
import {VFile} from 'vfile'
import {reviveMessages, storeMessages, type StoredMessage} from './message.ts'
import type {CachedRender, RenderCache} from './render-cache.ts'
import type {OutputEntry, OutputRecord} from './write.ts'

/** Where the commands keep the cache, relative to the current folder. */
export const defaultCacheFolder = '.cache/bulletin'

const format = 'bulletin-render-cache 2'
/** Room for the pipeline's key and the body's digest, one a line. */
const headerSize = 256

/** Packages whose code shapes a rendering. */
const packages = ['pagefind', 'unified', 'remark-parse', 'remark-gfm', 'remark-rehype', 'rehype-sanitize', 'rehype-raw', 'rehype-slug', 'mdast-util-from-markdown', 'micromark', 'mdast-util-to-hast', 'hast-util-sanitize', 'github-slugger']
/** Bulletin's modules that shape a rendering. */
const modules = ['render.ts', 'render-cache.ts', 'links.ts', 'remark-links.ts', 'remark-reject-html.ts', 'rehype-demote-headings.ts', 'rehype-prefix-ids.ts', 'rehype-table-align.ts', 'front-matter.ts', 'section-lines.ts', 'message.ts']

/** What identifies the pipeline: a cache made by another one is not used. */
async function pipelineKey(): Promise<string> {
  const hash = createHash('sha256').update(format).update(process.version)
  for (const name of packages) hash.update(`${name}@${await versionOf(name)}\0`)
  for (const name of modules) hash.update(await readFile(new URL(name, import.meta.url)))
  return hash.digest('hex')
}

/** The version of an installed package, from the package.json above its entry point (exports may hide it). */
async function versionOf(name: string): Promise<string> {
  let folder = dirname(fileURLToPath(import.meta.resolve(name)))
  while (folder !== dirname(folder)) {
    const found = await readFile(join(folder, 'package.json'), 'utf8').then(
      (text) => JSON.parse(text) as {name?: string; version?: string},
      () => undefined
    )
    if (found?.name === name) return found.version ?? 'none'
    folder = dirname(folder)
  }
  return 'none'
}

/** A rendering as stored. */
type Stored = Omit<CachedRender, 'messages'> & {messages: StoredMessage[]}

/** What the last written build read and wrote: the next build with the same inputs has nothing to do. */
export interface BuildRecord {
  /** The fingerprint of its inputs (see `inputStamp`); none when they could not be trusted. */
  inputs: string | undefined
  /** What it left in the output folder. */
  outputs: OutputRecord
  /** Its files that had messages, with them, to report them again. */
  files: VFile[]
  /** How many pages it built. */
  pages: number
  /** What each page was laid out from, by URL (see `KeptPages` in `layout.ts`). */
  keys: Map<string, {key: string; body: string | undefined}>
}

interface StoredBuild {
  inputs: string | undefined
  outputs: [string, OutputEntry][]
  files: [string, StoredMessage[]][]
  pages: number
  keys: [string, string, string | undefined][]
}

/** A search index kept with the digest of the pages it was made from. */
export interface CachedSearch {
  digest: string
  files: [string, Uint8Array][]
}

/** The cache folder of one build: what it holds, read and written whole. */
export interface Cache {
  /** The renderings; none when the file is missing, stale or corrupt. */
  readRenders(): Promise<RenderCache>
  /** Keep the renderings for the next build. */
  writeRenders(cache: RenderCache): Promise<void>
  /** The search index of the last build, if it is sound. */
  readSearch(): Promise<CachedSearch | undefined>
  /** Keep the search index for the next build. */
  writeSearch(search: CachedSearch): Promise<void>
  /** The record of the last build written, if it is sound. */
  readBuild(): Promise<BuildRecord | undefined>
  /** Keep the record of this build. */
  writeBuild(record: BuildRecord): Promise<void>
}

/** Open the cache in `folder`; the pipeline's key is computed once for all its files. */
export async function openCache(folder: string): Promise<Cache> {
  const key = (await pipelineKey()).slice(0, 64)
  return {
    readRenders: async () => {
      const entries = (await readCacheFile(folder, key, 'renders.bin')) as [string, Stored][] | undefined
      return new Map((entries ?? []).map(([path, stored]) => [path, revive(path, stored)]))
    },
    writeRenders: (cache) => writeCacheFile(folder, key, 'renders.bin', [...cache].map(([path, entry]) => [path, store(entry)])),
    readSearch: async () => {
      const value = (await readCacheFile(folder, key, 'search.bin')) as CachedSearch | undefined
      return value && typeof value.digest === 'string' && Array.isArray(value.files) ? value : undefined
    },
    writeSearch: (search) => writeCacheFile(folder, key, 'search.bin', search),
    readBuild: async () => {
      const value = (await readCacheFile(folder, key, 'build.bin')) as StoredBuild | undefined
      if (!value || !Array.isArray(value.outputs) || !Array.isArray(value.files) || !Array.isArray(value.keys)) return undefined
      const files = value.files.map(([path, messages]) => {
        const file = new VFile({path})
        file.messages.push(...reviveMessages(path, messages))
        return file
      })
      return {inputs: value.inputs, outputs: new Map(value.outputs), files, pages: value.pages, keys: new Map(value.keys.map(([url, key, body]) => [url, {key, body}]))}
    },
    writeBuild: (record) => {
      const stored: StoredBuild = {
        inputs: record.inputs,
        outputs: [...record.outputs],
        files: record.files.filter((file) => file.messages.length > 0).map((file) => [file.path, storeMessages(file.messages)]),
        pages: record.pages,
        keys: [...record.keys].map(([url, {key, body}]) => [url, key, body])
      }
      return writeCacheFile(folder, key, 'build.bin', stored)
    }
  }
}

/** The value in a cache file, or `undefined` when it is missing, from another pipeline, or corrupt. */
async function readCacheFile(folder: string, key: string, name: string): Promise<unknown> {
  let bytes: Buffer
  try {
    bytes = await readFile(join(folder, name))
  } catch {
    return undefined
  }
  try {
    const [found, sum] = bytes.subarray(0, headerSize).toString('latin1').split('\n')
    const body = bytes.subarray(headerSize)
    if (found !== key || sum !== createHash('sha256').update(body).digest('hex')) return undefined
    return deserialize(body)
  } catch {
    return undefined
  }
}

/** Write a cache file whole, then swap it in: a killed build leaves the old one or none. */
async function writeCacheFile(folder: string, key: string, name: string, value: unknown): Promise<void> {
  const body = serialize(value)
  const header = Buffer.alloc(headerSize, ' ')
  header.write(`${key}\n${createHash('sha256').update(body).digest('hex')}\n`, 'latin1')
  try {
    await mkdir(folder, {recursive: true})
    const temporary = join(folder, `${name}.${process.pid}.tmp`)
    await writeFile(temporary, Buffer.concat([header, body]))
    await rename(temporary, join(folder, name))
  } catch (error) {
    throw new Error(`Cannot write ${name} in the cache folder ${folder}`, {cause: error})
  }
}

function store(entry: CachedRender): Stored {
  return {...entry, messages: storeMessages(entry.messages)}
}

function revive(path: string, stored: Stored): CachedRender {
  return {...stored, messages: reviveMessages(path, stored.messages)}
}
