/**
 * The search index's shards as steps of the store. A shard's pages (their
 * addresses and what the index reads of them, as one digest) are an input,
 * and the shard's index data a step that reads it, so that a shard is
 * indexed again only when one of its pages changed what the index reads.
 *
 * Pagefind runs in its own process and answers asynchronously, while a step
 * is a synchronous function: as the render workers do for renderings, the
 * indexer asks the store which shards hold, has Pagefind index the others,
 * and the step takes what Pagefind made from the indexer's environment. The
 * step keeps its value on disk with its record (the index data only, never
 * Pagefind's code), so that the next build, and the dev server at its start,
 * index only the shards whose pages changed.
 */
import {VFile} from 'vfile'
import {createStore, input, step, type Step, type Store} from '../engine/store.ts'
import {isBundleCode} from '../model/routes.ts'

/** A shard's pages, as the digest of their addresses and of what the index reads of them, by shard number. */
export const searchPagesInput = input<number, string>('search-pages')

/** One shard's index data, made by Pagefind for the pages of `digest`. */
export interface IndexedShard {
  digest: string
  files: VFile[]
}

/** What the indexer gives the shard steps: the shards Pagefind indexed for this revision. */
export interface SearchEnvironment {
  indexed: Map<number, IndexedShard>
}

/** Where the search index is made: the store, its shard step, and the environment that step reads. */
export interface SearchPlace {
  store: Store
  step: Step<number, VFile[]>
  environment: {current?: SearchEnvironment}
}

/** The shard step of a store whose indexer gives its environment through `environment`. */
export function searchStepOf(
  environment: () => SearchEnvironment | undefined
): Step<number, VFile[]> {
  return step(
    'search-shard',
    (read, number: number) => {
      const digest = read(searchPagesInput, number)
      const indexed = environment()?.indexed.get(number)
      // Only the indexer asks for a shard, once Pagefind has indexed these very pages.
      if (digest === undefined || indexed?.digest !== digest)
        throw new Error(`The search shard ${number} was asked for before it was indexed`)
      return indexed.files
    },
    {fingerprint: 'inputs', lasting: true, persist: {save, load}}
  )
}

/** The queries of the search stage, for the store to revive them by name. */
export const searchInputs = [searchPagesInput] as const

/** A search place with a store of its own, for an index made apart from a build (tests, a one-off index). */
export function ownSearchPlace(): SearchPlace {
  const environment: {current?: SearchEnvironment} = {}
  const shard = searchStepOf(() => environment.current)
  const store = createStore({code: '', queries: [...searchInputs, shard] as never[]})
  return {store, step: shard, environment}
}

function save(files: VFile[]): [string, Uint8Array][] {
  return files.map((file) => [file.path, file.value as Uint8Array])
}

/** The files of a stored shard, checked one by one; code files are dropped, never reused. */
function load(data: unknown): VFile[] | undefined {
  if (!Array.isArray(data)) return undefined
  const files: VFile[] = []
  for (const entry of data as unknown[]) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !(entry[1] instanceof Uint8Array))
      return undefined
    if (!isBundleCode(entry[0])) files.push(new VFile({path: entry[0], value: entry[1]}))
  }
  return files
}
