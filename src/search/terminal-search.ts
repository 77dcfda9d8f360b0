/**
 * Search the built site from a terminal with Pagefind's own search code, so
 * results and ranking are the browser's. The code is the installed
 * Pagefind's, never the site's `pagefind.js`: the site's index files are
 * data. That code expects a browser: it is given a `fetch` that serves the
 * bundle's files and a document that names the language, for the time of
 * the search.
 */
import {readdir, readFile} from 'node:fs/promises'
import {dirname, join, resolve, sep} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

/** A problem the user can fix: no build, unknown language or directorate… */
export class SearchError extends Error {
  override name = 'SearchError'
}

/** What to search. */
export interface SearchRequest {
  /** The built site. */
  dist: string
  query: string
  lang: string
  /** A directorate code, such as `DRH`. */
  directorate?: string
  year?: string
  limit: number
}

/** One article found. The shape is documented in the README and stays stable. */
export interface SearchHit {
  issue: number
  date: string
  lang: string
  title: string
  directorate: string | null
  /** Path of the article from the site's root, anchor included: `fr/numeros/1/#dnum`. */
  url: string
  anchor: string | null
  excerpt: string
  score: number
}

/** What the terminal search reads of the JSON export (see `export.ts`). */
interface ExportedSection {
  id: string
  directorate: string
  title: string
  path: string
}
interface ExportedIssue {
  number: number
  directorates: string[]
  date: string
  lang: string
  path: string
}
interface ExportedIndex {
  issues: ExportedIssue[]
  directorates: {code: string; name: string}[]
  searchFilters?: {directorate?: string; year?: string}
}

interface PagefindSubResult {
  url: string
  plain_excerpt?: string
  excerpt: string
  anchor?: {id?: string}
}
interface PagefindData {
  url: string
  plain_excerpt?: string
  excerpt: string
  sub_results: PagefindSubResult[]
}
interface PagefindApi {
  options(options: object): Promise<void>
  mergeIndex(path: string, options?: object): Promise<void>
  search(
    query: string | null,
    options?: object
  ): Promise<{results: {score: number; data(): Promise<PagefindData>}[]}>
  destroy(): Promise<void>
}

/** The Pagefind this Bulletin builds with; its package.json is not exported, so it is read from beside its entry point. */
async function installedVersion(): Promise<string> {
  let folder = dirname(fileURLToPath(import.meta.resolve('pagefind')))
  for (;;) {
    const manifest = await readFile(join(folder, 'package.json'), 'utf8').catch(() => undefined)
    const parsed =
      manifest === undefined
        ? undefined
        : (JSON.parse(manifest) as {name?: string; version?: string})
    if (parsed?.name === 'pagefind' && parsed.version !== undefined) return parsed.version
    const parent = dirname(folder)
    if (parent === folder) throw new Error('Cannot find the version of the installed Pagefind')
    folder = parent
  }
}

/** Search the index of `request.dist`; hits in Pagefind's order, at most `limit`. */
export async function searchSite(request: SearchRequest): Promise<SearchHit[]> {
  const bundle = join(request.dist, 'pagefind')
  const entryText = await readFile(join(bundle, 'pagefind-entry.json'), 'utf8').catch(
    () => undefined
  )
  if (entryText === undefined)
    throw new SearchError(`No search index in ${request.dist}: run \`bulletin build\` first`)
  const entry = JSON.parse(entryText) as {version: string; languages: Record<string, unknown>}
  const version = await installedVersion()
  if (entry.version !== version) {
    throw new SearchError(
      `The index in ${request.dist} was built by Pagefind ${entry.version}, and this Bulletin uses ${version}: run \`bulletin build\` again`
    )
  }
  const languages = Object.keys(entry.languages).sort()
  if (!languages.includes(request.lang))
    throw new SearchError(`Unknown language ${request.lang}: the index has ${languages.join(', ')}`)

  const exported = JSON.parse(
    await readFile(join(request.dist, request.lang, 'issues.json'), 'utf8')
  ) as ExportedIndex
  // The index's filters are named in the language of its pages.
  const names = {
    directorate: exported.searchFilters?.directorate ?? 'directorate',
    year: exported.searchFilters?.year ?? 'year'
  }
  const filters: Record<string, string> = {}
  const directorate = request.directorate?.toUpperCase()
  if (directorate !== undefined) {
    const codes = new Set(
      exported.issues.flatMap((issue) =>
        Array.isArray(issue.directorates) ? issue.directorates : []
      )
    )
    const match = exported.directorates.find(
      (item) => item.code === directorate && codes.has(item.code)
    )
    if (!match)
      throw new SearchError(
        `Unknown directorate ${request.directorate}: the archive has ${[...codes].sort().join(', ')}`
      )
    filters[names.directorate] = match.name
  }
  if (request.year !== undefined) filters[names.year] = request.year

  const issues = new Map(exported.issues.map((issue) => [issue.path, issue]))
  const sectionsOf = issueSections(request.dist)
  const hits: SearchHit[] = []
  for await (const {score, data} of pagefindResults(request, bundle, filters)) {
    for (const sub of data.sub_results) {
      const path = sub.url.replace(/^\//, '')
      const issue = issues.get(path.replace(/#.*$/s, ''))
      const section = issue ? (await sectionsOf(issue)).get(path) : undefined
      if (!issue || !section) continue
      if (directorate !== undefined && section.directorate !== directorate) continue
      hits.push({
        issue: issue.number,
        date: issue.date,
        lang: issue.lang,
        title: section.title,
        directorate: section.directorate,
        url: path,
        anchor: section.id,
        excerpt: (sub.plain_excerpt ?? sub.excerpt.replace(/<[^>]*>/g, '')).trim(),
        score: Math.round(score * 1000) / 1000
      })
    }
    if (hits.length >= request.limit) break
  }
  return hits.slice(0, request.limit)
}

/**
 * The articles of an issue by path, from its own JSON file beside its page.
 * The path comes from the site, which may come from anywhere: it is read
 * only when it stays inside the site's folder.
 */
function issueSections(
  dist: string
): (issue: ExportedIssue) => Promise<Map<string, ExportedSection>> {
  const root = resolve(dist)
  return async (issue) => {
    const file = resolve(root, `${String(issue.path)}issue.json`)
    if (!file.startsWith(`${root}${sep}`)) return new Map()
    const text = await readFile(file, 'utf8').catch(() => undefined)
    const sections =
      text === undefined
        ? []
        : ((JSON.parse(text) as {sections?: ExportedSection[]}).sections ?? [])
    return new Map(sections.map((section) => [section.path, section]))
  }
}

/** The shards of the index after the first: its numbered folders, in order. */
async function shardFolders(bundle: string): Promise<string[]> {
  const entries = await readdir(bundle, {withFileTypes: true})
  return entries
    .filter((entry) => entry.isDirectory() && /^[1-9]\d{0,8}$/.test(entry.name))
    .map((entry) => entry.name)
    .sort((a, b) => Number(a) - Number(b))
}

/**
 * Pagefind's results for the request, best first, each with its data
 * loaded only when it is reached: a search stops loading at its limit.
 */
async function* pagefindResults(
  request: SearchRequest,
  bundle: string,
  filters: Record<string, string>
): AsyncGenerator<{score: number; data: PagefindData}> {
  // Pagefind's code is the installed Pagefind's, never the site's: a site
  // received from elsewhere gives data only.
  const {isBundleCode, pagefindRuntime, searchFolder} = await import('./search-index.ts')
  const runtime = new Map(
    (await pagefindRuntime([request.lang])).map((file) => [
      file.path.slice(searchFolder.length + 1),
      file.value as Uint8Array
    ])
  )
  const script = runtime.get('pagefind.js')
  if (!script) throw new Error('The installed Pagefind made no pagefind.js')
  const files = {bundle, runtime, isCode: isBundleCode}
  // A fresh module for each search, as Pagefind keeps its state in the module.
  const source = `${new TextDecoder().decode(script)}\n// ${request.lang} ${process.hrtime.bigint()}`
  const pagefind = await withBrowserShims(request.lang, files, async () => {
    const api = (await import(
      `data:text/javascript;base64,${Buffer.from(source).toString('base64')}`
    )) as PagefindApi
    await api.options({basePath: pathToFileURL(`${bundle}/`).href, baseUrl: '/', excerptLength: 24})
    // The index's other shards, merged as the search page merges them.
    for (const shard of await shardFolders(bundle))
      await api.mergeIndex(pathToFileURL(`${bundle}/${shard}/`).href, {baseUrl: '/'})
    return api
  })
  try {
    const found = await withBrowserShims(request.lang, files, () =>
      pagefind.search(request.query, {filters})
    )
    for (const result of found.results) {
      yield {
        score: result.score,
        data: await withBrowserShims(request.lang, files, () => result.data())
      }
    }
  } finally {
    await withBrowserShims(request.lang, files, () => pagefind.destroy())
  }
}

/** Where the search's files come from: code from the installed Pagefind, data from the site's bundle. */
interface BundleFiles {
  bundle: string
  runtime: ReadonlyMap<string, Uint8Array>
  isCode: (path: string) => boolean
}

/**
 * Run `work` with a `fetch` that serves the bundle's files and a document
 * in `lang`, then put things back. It answers `file:` URLs of the bundle
 * only, and never reads code from the site.
 */
async function withBrowserShims<T>(
  lang: string,
  files: BundleFiles,
  work: () => Promise<T>
): Promise<T> {
  const global = globalThis as {fetch: typeof fetch; document?: unknown}
  const realFetch = global.fetch
  const realDocument = global.document
  const base = pathToFileURL(`${files.bundle}/`).href
  global.fetch = async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const path = url.href.startsWith(base)
      ? decodeURIComponent(url.href.slice(base.length).replace(/[?#].*$/, ''))
      : undefined
    if (path === undefined || path.split('/').includes('..'))
      return new Response(null, {status: 404})
    if (files.isCode(path)) {
      const code = files.runtime.get(path)
      return code ? new Response(Buffer.from(code)) : new Response(null, {status: 404})
    }
    try {
      return new Response(await readFile(fileURLToPath(url)))
    } catch {
      return new Response(null, {status: 404})
    }
  }
  global.document = {
    currentScript: null,
    querySelector: (selector: string) =>
      selector === 'html' ? {getAttribute: (name: string) => (name === 'lang' ? lang : null)} : null
  }
  try {
    return await work()
  } finally {
    global.fetch = realFetch
    if (realDocument === undefined) delete global.document
    else global.document = realDocument
  }
}
