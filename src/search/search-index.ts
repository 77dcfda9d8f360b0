/**
 * Search index stage: Pagefind's Node API indexes the issue pages in
 * shards of `searchShardSize` issues (both languages in each, as Pagefind
 * keeps one index per language inside a bundle and a page loads only its
 * own). The browser and the terminal search merge the shards with
 * Pagefind's `mergeIndex`. Each shard is a step of the store
 * (`search-step.ts`): one whose pages did not change is the store's, from
 * memory or from disk, so that a change to one issue re-indexes its shard
 * only. A build indexes pages from the staging folder, where Pagefind reads
 * them on every core; the dev server, which writes nothing, sends them from
 * memory (`pagefind-shard.ts`). Files come back for the write stage, so a
 * failed build writes no index either.
 */
import {createHash} from 'node:crypto'
import {close} from 'pagefind'
import {VFile} from 'vfile'
import {indexShard, pagefindRuntime} from './pagefind-shard.ts'
import {searchedDigest} from './searched-digest.ts'
import {
  ownSearchPlace,
  searchPagesInput,
  type IndexedShard,
  type SearchPlace
} from './search-step.ts'
import {hasErrors} from '../model/message.ts'
import {searchBundleFolder, searchFolder} from '../model/routes.ts'

export {isBundleCode, searchFolder} from '../model/routes.ts'
export {pagefindRuntime} from './pagefind-shard.ts'

/** The index data of one shard: its files, by path inside its bundle. */
export interface Shard {
  number: number
  files: VFile[]
}

/** The bundle as placed in the site, its shards, and a file holding Pagefind's problems. */
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
  /** The store that holds the shards (see `search-step.ts`); by default one of the index's own. */
  place?: SearchPlace
  /** The previous index of the same store: when every shard's data is its own, so are the files (a dev save that touched no issue page). */
  previous?: SearchIndex
}

/**
 * An index made shard by shard: a build starts each shard as soon as its
 * pages are staged (see `layoutSite`'s sink), so that Pagefind indexes on
 * the other core while the rest of the site is laid out.
 */
export interface SearchIndexer {
  /** Start indexing a shard whose pages are all in the folder, unless the store holds it. */
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

/** A shard under way in Pagefind, with the problems it reported. */
interface Started {
  digest: string
  made: Promise<{files: VFile[]; report: VFile}>
}

/** An indexer of pages in `options.folder`, or in memory without it. */
export function createSearchIndexer(options: IndexOptions = {}): SearchIndexer {
  const report = new VFile({path: `${searchFolder}/`})
  const place = options.place ?? ownSearchPlace()
  const indexed = new Map<number, IndexedShard>()
  place.environment.current = {indexed}
  const started = new Map<number, Started>()
  const settle = async (): Promise<void> => {
    await Promise.allSettled([...started.values()].map((shard) => shard.made))
    await close()
  }
  // Set the shard's pages into the store; true when it holds the shard as they are.
  const holds = (number: number, digest: string): boolean => {
    place.store.set(searchPagesInput, number, digest, digest)
    return place.store.holds(place.step, number)
  }
  const index = (members: readonly VFile[]): Started['made'] => {
    const own = new VFile({path: report.path})
    return indexShard(members, own, options).then((files) => ({files, report: own}))
  }
  return {
    start: (number, members) => {
      const digest = shardDigest(members)
      if (holds(number, digest)) return
      const made = index(members)
      made.catch(() => undefined)
      started.set(number, {digest, made})
    },
    finish: async (pages) => {
      try {
        return await indexPages(pages, {report, place, indexed, started, holds, index, options})
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
  place: SearchPlace
  indexed: Map<number, IndexedShard>
  started: ReadonlyMap<number, Started>
  holds: (number: number, digest: string) => boolean
  index: (members: readonly VFile[]) => Started['made']
  options: IndexOptions
}

async function indexPages(pages: readonly VFile[], indexing: Indexing): Promise<SearchIndex> {
  const {report, place, options} = indexing
  options.signal?.throwIfAborted()
  const groups = [...searchShards(pages)].map(([number, members]) => ({
    number,
    members,
    digest: shardDigest(members)
  }))
  // Asked before the first wait, so the shards that hold are this revision's even if a save comes.
  const holding = new Set(groups.filter((group) => indexing.holds(group.number, group.digest)))
  const numbers = new Set(groups.map((group) => group.number))
  for (const number of place.store.args(searchPagesInput))
    if (!numbers.has(number)) place.store.remove(searchPagesInput, number)
  const shards: Shard[] = []
  for (const group of groups) {
    const files = holding.has(group)
      ? place.store.get(place.step, group.number)
      : await indexAfresh(group, indexing)
    shards.push({number: group.number, files})
  }
  const previous = options.previous
  if (
    previous &&
    previous.shards.length === shards.length &&
    shards.every((shard, index) => previous.shards[index]?.files === shard.files)
  )
    return {files: previous.files, shards: previous.shards, report}
  const languages = [
    ...new Set(
      pages.flatMap((page) => (page.data.page?.searchable ? [page.data.page.searchable.lang] : []))
    )
  ].sort()
  return {files: [...placeShards(shards), ...(await pagefindRuntime(languages))], shards, report}
}

/**
 * A shard that the store does not hold, indexed by Pagefind (or taken from
 * the start of the build, if it had the same pages), and then the store's:
 * unless Pagefind reported a problem, which no later build is to take.
 */
async function indexAfresh(
  group: {number: number; members: readonly VFile[]; digest: string},
  {report, place, indexed, started, index, options}: Indexing
): Promise<VFile[]> {
  const early = started.get(group.number)
  const made = await (early?.digest === group.digest ? early.made : index(group.members))
  options.signal?.throwIfAborted()
  report.messages.push(...made.report.messages)
  if (hasErrors([made.report])) return made.files
  indexed.set(group.number, {digest: group.digest, files: made.files})
  return place.store.get(place.step, group.number)
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
