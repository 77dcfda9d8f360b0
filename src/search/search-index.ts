/**
 * Search index stage: Pagefind's Node API indexes the issue pages in
 * shards of `searchShardSize` issues (both languages in each, as Pagefind
 * keeps one index per language inside a bundle and a page loads only its
 * own). The browser and the terminal search merge the shards with
 * Pagefind's `mergeIndex`. A shard whose pages did not change is taken
 * from the previous index, so that a change to one issue re-indexes its
 * shard only. A build indexes pages from the staging folder, where
 * Pagefind reads them on every core; the dev server, which writes nothing,
 * sends them from memory. Files come back for the write stage, so a failed
 * build writes no index either.
 */
import {createHash} from 'node:crypto'
import * as pagefind from 'pagefind'
import {VFile} from 'vfile'
import {searchedDigest} from './searched-digest.ts'
import {fail} from '../model/message.ts'
import {isBundleCode, searchBundleFolder, searchFolder} from '../model/routes.ts'

export {isBundleCode, searchFolder} from '../model/routes.ts'

/** Pages sent to Pagefind at a time from memory. */
const abortBatch = 100

/** The index data of one shard: its files by path inside its bundle, and the digest of the pages it was made from. */
export interface Shard {
  number: number
  digest: string
  files: VFile[]
}

/** The bundle as placed in the site, its shards (to reuse next time), and a file holding Pagefind's problems. */
export interface SearchIndex {
  files: readonly VFile[]
  shards: Shard[]
  report: VFile
}

/** Options of {@link indexSearch}. */
export interface IndexOptions {
  /** The folder where the pages are written; without it they are sent from memory. */
  folder?: string
  /** Aborting stops the indexing within a batch of pages; the promise then rejects. */
  signal?: AbortSignal
  /**
   * The previous index: a shard whose digest is unchanged is reused, and
   * when all are, its files too (the dev server's save that touched no
   * issue page).
   */
  previous?: {shards: readonly Shard[]; files?: readonly VFile[]}
}

/**
 * An index made shard by shard: a build starts each shard as soon as its
 * pages are staged (see `layoutSite`'s sink), so that Pagefind indexes on
 * the other core while the rest of the site is laid out.
 */
export interface SearchIndexer {
  /** Start indexing a shard whose pages are all in the folder, unless the previous index has it. */
  start(number: number, members: readonly VFile[]): void
  /**
   * The index of `pages`, marked `searchable`, shard by shard, with the
   * shards started that are still theirs. A shard that holds another number
   * of pages of a language than were laid out is an error.
   */
  finish(pages: readonly VFile[]): Promise<SearchIndex>
  /** Wait for the shards started and stop Pagefind, when the build gives up. */
  stop(): Promise<void>
}

/** An indexer of pages in `options.folder`, or in memory without it. */
export function createSearchIndexer(options: IndexOptions = {}): SearchIndexer {
  const report = new VFile({path: `${searchFolder}/`})
  const previous = new Map((options.previous?.shards ?? []).map((shard) => [shard.number, shard]))
  const started = new Map<number, {digest: string; files: Promise<VFile[]>}>()
  const settle = async (): Promise<void> => {
    await Promise.allSettled([...started.values()].map((shard) => shard.files))
    await pagefind.close()
  }
  return {
    start: (number, members) => {
      const digest = shardDigest(members)
      if (previous.get(number)?.digest === digest) return
      const files = indexShard(members, report, options)
      files.catch(() => undefined)
      started.set(number, {digest, files})
    },
    finish: async (pages) => {
      try {
        return await indexPages(pages, {report, previous, started, options})
      } finally {
        await settle()
      }
    },
    stop: settle
  }
}

/** Index the pages marked `searchable` (see {@link SearchIndexer.finish}), all at once. */
export function indexSearch(
  pages: readonly VFile[],
  options: IndexOptions = {}
): Promise<SearchIndex> {
  return createSearchIndexer(options).finish(pages)
}

interface Indexing {
  report: VFile
  previous: ReadonlyMap<number, Shard>
  started: ReadonlyMap<number, {digest: string; files: Promise<VFile[]>}>
  options: IndexOptions
}

async function indexPages(
  pages: readonly VFile[],
  {report, previous, started, options}: Indexing
): Promise<SearchIndex> {
  options.signal?.throwIfAborted()
  const groups = [...searchShards(pages)].map(([number, members]) => ({
    number,
    members,
    digest: shardDigest(members)
  }))
  const same =
    groups.length === previous.size &&
    groups.every((group) => previous.get(group.number)?.digest === group.digest)
  if (same && options.previous?.files)
    return {files: options.previous.files, shards: [...previous.values()], report}
  const shards: Shard[] = []
  for (const {number, members, digest} of groups) {
    const before = previous.get(number)
    if (before?.digest === digest) {
      shards.push(before)
      continue
    }
    const early = started.get(number)
    const files =
      early?.digest === digest ? await early.files : await indexShard(members, report, options)
    shards.push({number, digest, files})
  }
  const languages = [
    ...new Set(
      pages.flatMap((page) => (page.data.page?.searchable ? [page.data.page.searchable.lang] : []))
    )
  ].sort()
  return {files: [...placeShards(shards), ...(await pagefindRuntime(languages))], shards, report}
}

/** The searchable pages by shard, in shard order; one empty shard when there are none, so that the site has an index. */
function searchShards(pages: readonly VFile[]): Map<number, VFile[]> {
  const shards = new Map<number, VFile[]>()
  for (const page of pages) {
    const shard = page.data.page?.searchable?.shard
    if (shard !== undefined) shards.set(shard, [...(shards.get(shard) ?? []), page])
  }
  return shards.size === 0 ? new Map([[1, []]]) : new Map([...shards].sort(([a], [b]) => a - b))
}

/** Index one shard's pages; its data files, by path inside its bundle. */
async function indexShard(
  members: readonly VFile[],
  report: VFile,
  options: IndexOptions
): Promise<VFile[]> {
  const {index, errors} = await pagefind.createIndex({})
  for (const error of errors) fail(report, `Pagefind: ${error}`, undefined, 'search-index')
  if (!index) return []
  if (options.folder !== undefined && members.length > 0) {
    // One pattern naming the shard's pages: Pagefind reads them on every core.
    const glob = `{${members.map((page) => page.path).join(',')}}`
    for (const error of (await index.addDirectory({path: options.folder, glob})).errors)
      fail(report, `Pagefind: ${error}`, undefined, 'search-index')
  } else {
    await addFromMemory(index, members, options.signal)
  }
  options.signal?.throwIfAborted()
  const bundle = await index.getFiles()
  for (const error of bundle.errors) fail(report, `Pagefind: ${error}`, undefined, 'search-index')
  const files = bundle.files
    .filter((file) => !isBundleCode(file.path))
    .map((file) => new VFile({path: file.path, value: file.content}))
  checkCounts(files, members, report)
  return files
}

/** Send pages a batch at a time: Pagefind indexes while the rest of a batch is on its way, and an abort waits for one batch at most. */
async function addFromMemory(
  index: pagefind.PagefindIndex,
  members: readonly VFile[],
  signal: AbortSignal | undefined
): Promise<void> {
  for (let start = 0; start < members.length; start += abortBatch) {
    signal?.throwIfAborted()
    const batch = members.slice(start, start + abortBatch)
    const added = await Promise.all(
      batch.map((page) =>
        index.addHTMLFile({url: page.data.page?.url ?? '', content: String(page.value)})
      )
    )
    for (const [position, result] of added.entries()) {
      const page = batch[position]
      if (page)
        for (const error of result.errors)
          fail(page, `Pagefind could not index this page: ${error}`, undefined, 'search-index')
    }
  }
}

/** Each language of a shard holds as many pages as were laid out for it. */
function checkCounts(files: readonly VFile[], members: readonly VFile[], report: VFile): void {
  const entry = files.find((file) => file.path === 'pagefind-entry.json')
  const counts = entry
    ? (
        JSON.parse(new TextDecoder().decode(entry.value as Uint8Array)) as {
          languages: Record<string, {page_count: number}>
        }
      ).languages
    : {}
  const expected: Record<string, number> = {}
  for (const page of members) {
    const lang = page.data.page?.searchable?.lang
    if (lang !== undefined) expected[lang] = (expected[lang] ?? 0) + 1
  }
  for (const lang of [...new Set([...Object.keys(counts), ...Object.keys(expected)])].sort()) {
    const indexed = counts[lang]?.page_count ?? 0
    const wanted = expected[lang] ?? 0
    if (indexed !== wanted)
      fail(
        report,
        `The search index has ${indexed} ${lang} pages, but ${wanted} ${lang} issue pages were laid out`,
        undefined,
        'search-index-count'
      )
  }
}

/** The shards' files where the site serves them: the first shard in the bundle with Pagefind's code, each other one in a folder of its own. */
function placeShards(shards: readonly Shard[]): VFile[] {
  const primary = shards[0]?.number ?? 1
  return shards.flatMap((shard) =>
    shard.files.map(
      (file) =>
        new VFile({
          path: `${searchBundleFolder(shard.number, primary)}/${file.path}`,
          value: file.value
        })
    )
  )
}

/**
 * What the search index reads of a searchable page: all but its `<head>`
 * (stylesheet and icon addresses). Made once per page, and kept on it.
 */
export function bodyDigest(page: VFile): string | undefined {
  const info = page.data.page
  if (!info?.searchable) return undefined
  if (info.body === undefined) {
    info.body = searchedDigest(String(page.value))
  }
  return info.body
}

/** What a shard is made from: its pages, by URL and {@link bodyDigest}. */
function shardDigest(members: readonly VFile[]): string {
  const hash = createHash('sha256')
  for (const page of members)
    hash
      .update(page.data.page?.url ?? '')
      .update('\0')
      .update(bodyDigest(page) ?? '')
      .update('\0')
  return hash.digest('hex')
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
    for (const language of languages)
      await index.addCustomRecord({url: `/${language}/`, content: language, language})
    const bundle = await index.getFiles()
    if (bundle.errors.length > 0) throw new Error(`Pagefind: ${bundle.errors.join('; ')}`)
    return bundle.files
      .filter((file) => isBundleCode(file.path))
      .map((file) => new VFile({path: `${searchFolder}/${file.path}`, value: file.content}))
  } finally {
    await pagefind.close()
  }
}
