/**
 * Search index stage: Pagefind's Node API indexes the issue pages, one
 * index per language. A build indexes them from the staging folder, where
 * Pagefind reads them on every core, twice as fast as when they are sent to
 * it one by one; the dev server, which writes nothing, sends them from
 * memory. The bundle comes back as files for the write stage, so a failed
 * build writes no index either.
 */
import {createHash} from 'node:crypto'
import {dirname} from 'node:path'
import * as pagefind from 'pagefind'
import {VFile} from 'vfile'
import {fail} from './message.ts'
import type {Lang} from './types.ts'

/** Pages sent to Pagefind at a time from memory. */
const abortBatch = 100

/** Where the bundle lives in the site. */
export const searchFolder = 'pagefind'

/** The bundle, and a file holding Pagefind's problems. */
export interface SearchIndex {
  files: VFile[]
  report: VFile
}

/**
 * Index the pages marked `searchable`; `expected` is how many issue pages
 * each language has, and a different count indexed is an error. Aborting
 * `signal` stops the indexing within a batch of pages; the promise then
 * rejects.
 */
export async function buildSearchIndex(pages: readonly VFile[], expected: Readonly<Partial<Record<Lang, number>>>, signal?: AbortSignal): Promise<SearchIndex> {
  return indexWith(expected, signal, async (index) => {
    const searchable = pages.filter((page) => page.data.page?.searchable)
    // Sent a batch at a time: Pagefind indexes while the rest of a batch is
    // on its way, and an abort waits for one batch at most.
    for (let start = 0; start < searchable.length; start += abortBatch) {
      signal?.throwIfAborted()
      const batch = searchable.slice(start, start + abortBatch)
      const added = await Promise.all(batch.map((page) => index.addHTMLFile({url: page.data.page?.url ?? '', content: String(page.value)})))
      for (const [position, result] of added.entries()) {
        const page = batch[position]
        if (page) for (const error of result.errors) fail(page, `Pagefind could not index this page: ${error}`, undefined, 'search-index')
      }
    }
    return []
  })
}

/**
 * Index the pages marked `searchable` in `pages`, as written in `folder`
 * (the same paths); `expected` as for {@link buildSearchIndex}.
 */
export async function indexFolder(folder: string, pages: readonly VFile[], expected: Readonly<Partial<Record<Lang, number>>>): Promise<SearchIndex> {
  // Issue pages are `<lang>/<issues>/<number>/index.html`: one pattern per language.
  const parents = [...new Set(pages.filter((page) => page.data.page?.searchable).map((page) => dirname(dirname(page.path))))].sort()
  if (parents.length === 0) return indexWith(expected, undefined, async () => [])
  const glob = `${parents.length === 1 ? parents[0] : `{${parents.join(',')}}`}/*/index.html`
  return indexWith(expected, undefined, async (index) => (await index.addDirectory({path: folder, glob})).errors)
}

/** Create an index, let `add` fill it, and check that it holds the pages expected. */
async function indexWith(expected: Readonly<Partial<Record<Lang, number>>>, signal: AbortSignal | undefined, add: (index: pagefind.PagefindIndex) => Promise<readonly string[]>): Promise<SearchIndex> {
  signal?.throwIfAborted()
  const report = new VFile({path: `${searchFolder}/`})
  try {
    const {index, errors} = await pagefind.createIndex({})
    for (const error of errors) fail(report, `Pagefind: ${error}`, undefined, 'search-index')
    if (!index) return {files: [], report}
    for (const error of await add(index)) fail(report, `Pagefind: ${error}`, undefined, 'search-index')
    signal?.throwIfAborted()

    const bundle = await index.getFiles()
    for (const error of bundle.errors) fail(report, `Pagefind: ${error}`, undefined, 'search-index')
    const files = bundle.files.map((file) => new VFile({path: `${searchFolder}/${file.path}`, value: file.content}))

    const entry = files.find((file) => file.path === `${searchFolder}/pagefind-entry.json`)
    const counts = entry ? (JSON.parse(new TextDecoder().decode(entry.value as Uint8Array)) as {languages: Record<string, {page_count: number}>}).languages : {}
    const languages = new Set([...Object.keys(counts), ...Object.keys(expected)])
    for (const lang of [...languages].sort()) {
      const indexed = counts[lang]?.page_count ?? 0
      const wanted = expected[lang as Lang] ?? 0
      if (indexed !== wanted) {
        fail(report, `The search index has ${indexed} ${lang} pages, but ${wanted} ${lang} issue pages were laid out`, undefined, 'search-index-count')
      }
    }
    signal?.throwIfAborted()
    return {files, report}
  } finally {
    await pagefind.close()
  }
}

/**
 * What the search index reads of a searchable page: all but its `<head>`
 * (stylesheet and icon addresses). Made once per page, and kept on it.
 */
export function bodyDigest(page: VFile): string | undefined {
  const info = page.data.page
  if (!info?.searchable) return undefined
  if (info.body === undefined) {
    const html = String(page.value)
    info.body = createHash('sha256').update(html.slice(html.indexOf('</head>'))).digest('base64url')
  }
  return info.body
}

/** What the search index is made from: the searchable pages, by URL and {@link bodyDigest}. */
export function searchDigest(outputs: readonly VFile[]): string {
  const hash = createHash('sha256')
  for (const page of outputs) {
    const body = bodyDigest(page)
    if (body !== undefined && page.data.page) hash.update(page.data.page.url).update('\0').update(body).update('\0')
  }
  return hash.digest('hex')
}

/**
 * Whether a file of the bundle is Pagefind's code (script, stylesheet,
 * WebAssembly) rather than index data. Code is never taken from the cache
 * or from a built site: it comes from {@link pagefindRuntime}.
 */
export function isBundleCode(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1)
  return /\.(js|css)$/.test(name) || /^wasm\.[^/]+\.pagefind$/.test(name)
}

/**
 * Pagefind's code files, for `languages`, as the installed Pagefind makes
 * them: from an index of one page per language, which takes a fraction of a
 * second. Paths are those of the bundle in the site.
 */
export async function pagefindRuntime(languages: readonly string[]): Promise<VFile[]> {
  try {
    const {index, errors} = await pagefind.createIndex({})
    if (!index) throw new Error(`Pagefind did not start: ${errors.join('; ')}`)
    for (const language of languages) await index.addCustomRecord({url: `/${language}/`, content: language, language})
    const bundle = await index.getFiles()
    if (bundle.errors.length > 0) throw new Error(`Pagefind: ${bundle.errors.join('; ')}`)
    return bundle.files.filter((file) => isBundleCode(file.path)).map((file) => new VFile({path: `${searchFolder}/${file.path}`, value: file.content}))
  } finally {
    await pagefind.close()
  }
}
