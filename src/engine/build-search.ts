/**
 * The build's search index: started on each shard of issue pages as soon
 * as they are staged, finished once the site is, and put in the stage
 * (see `build.ts` and `search/search-index.ts`).
 */
import type {Site} from './build-site.ts'
import {hasErrors} from '../model/message.ts'
import type {ProgressListener} from './progress.ts'
import type {SearchIndexer} from '../search/search-index.ts'
import type {SearchPlace} from '../search/search-step.ts'
import type {Sink} from '../stages/layout.ts'
import {stageFiles, type Stage, type StageSink} from './write.ts'

/** The indexer's start of a shard, which starts the search phase. */
export function searchStarter(
  search: SearchIndexer,
  progress: ProgressListener | undefined
): NonNullable<Sink['shard']> {
  return (number, members) => {
    progress?.({phase: 'search'})
    search.start(number, members)
  }
}

/** A shard's start once the writer has put its pages in the stage; a failure to write is kept for the build. */
export function shardOnceWritten(
  writer: Pick<StageSink, 'written'>,
  start: NonNullable<Sink['shard']>,
  fail: (error: unknown) => void
): NonNullable<Sink['shard']> {
  return (number, members) => {
    writer
      .written()
      .then(() => start(number, members))
      .catch(fail)
  }
}

/** An indexer of the stage's pages whose shards are steps of `place`'s store (the build's, which the cache revives). */
export async function searchIndexer(
  stage: Stage,
  place: SearchPlace | undefined
): Promise<SearchIndexer> {
  const {createSearchIndexer} = await import('../search/search-index.ts')
  return createSearchIndexer({folder: stage.folder, ...(place ? {place} : {})})
}

/**
 * Put the search index in the stage, re-indexing only the shards whose
 * pages changed since the store's. False when Pagefind reported an error.
 * The store keeps the index's data only: Pagefind's code always comes from
 * the installed Pagefind.
 */
export async function stageSearch(
  stage: Stage,
  site: Site,
  indexer: SearchIndexer
): Promise<boolean> {
  const search = await indexer.finish(site.outputs)
  site.files.push(search.report)
  if (hasErrors([search.report, ...site.outputs])) return false
  await stageFiles(stage, search.files)
  return true
}
