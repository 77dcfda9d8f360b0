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
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {deserialize, serialize} from 'node:v8'
import {VFileMessage} from 'vfile-message'
import type {CachedRender, RenderCache} from './render-cache.ts'

const format = 'bulletin-render-cache 1'
/** Room for the pipeline's key and the body's digest, one a line. */
const headerSize = 256
const require = createRequire(import.meta.url)

/** Packages whose code shapes a rendering. */
const packages = ['unified', 'remark-parse', 'remark-gfm', 'remark-rehype', 'rehype-sanitize', 'rehype-slug', 'mdast-util-from-markdown', 'micromark', 'mdast-util-to-hast', 'hast-util-sanitize', 'github-slugger']
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
  let folder = dirname(require.resolve(name))
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

/** A rendering as stored: messages as plain data, since v8 keeps only an error's message. */
type Stored = Omit<CachedRender, 'messages'> & {messages: {reason: string; line?: number; column?: number; ruleId?: string; source?: string; fatal?: boolean | null | undefined}[]}

/** Read the cache in `folder`; an empty one when it is missing, stale or corrupt. */
export async function readRenderCache(folder: string): Promise<RenderCache> {
  const cache: RenderCache = new Map()
  let bytes: Buffer
  try {
    bytes = await readFile(join(folder, 'renders.bin'))
  } catch {
    return cache
  }
  try {
    const header = bytes.subarray(0, headerSize).toString('latin1')
    const [key, sum] = header.split('\n')
    const body = bytes.subarray(headerSize)
    if (key !== (await pipelineKey()).slice(0, 64) || sum !== createHash('sha256').update(body).digest('hex')) return cache
    for (const [path, stored] of deserialize(body) as [string, Stored][]) cache.set(path, revive(path, stored))
  } catch {
    cache.clear()
  }
  return cache
}

/** Write the cache in `folder`, whole, then swap it in: a killed build leaves the old one or none. */
export async function writeRenderCache(folder: string, cache: RenderCache): Promise<void> {
  const entries: [string, Stored][] = [...cache].map(([path, entry]) => [path, store(entry)])
  const body = serialize(entries)
  const header = Buffer.alloc(headerSize, ' ')
  header.write(`${(await pipelineKey()).slice(0, 64)}\n${createHash('sha256').update(body).digest('hex')}\n`, 'latin1')
  try {
    await mkdir(folder, {recursive: true})
    const temporary = join(folder, `renders.bin.${process.pid}.tmp`)
    await writeFile(temporary, Buffer.concat([header, body]))
    await rename(temporary, join(folder, 'renders.bin'))
  } catch (error) {
    throw new Error(`Cannot write the render cache in ${folder}`, {cause: error})
  }
}

function store(entry: CachedRender): Stored {
  const messages = entry.messages.map((message) => {
    const plain: Stored['messages'][number] = {reason: message.reason, fatal: message.fatal}
    if (message.line !== undefined) plain.line = message.line
    if (message.column !== undefined) plain.column = message.column
    if (message.ruleId !== undefined) plain.ruleId = message.ruleId
    if (message.source !== undefined) plain.source = message.source
    return plain
  })
  return {...entry, messages}
}

function revive(path: string, stored: Stored): CachedRender {
  const messages = stored.messages.map((plain) => {
    const place = plain.line === undefined ? undefined : {line: plain.line, column: plain.column ?? 1}
    const message = new VFileMessage(plain.reason, {place, ...(plain.ruleId === undefined ? {} : {ruleId: plain.ruleId}), ...(plain.source === undefined ? {} : {source: plain.source})})
    message.file = path
    message.fatal = plain.fatal
    return message
  })
  return {...stored, messages}
}
