/**
 * The layout stage's memory, from one layout to the next: the store (with
 * the front matter, render and search steps, which the same store holds), the
 * kinds of files and their steps, and what the last layout made.
 */
import type {Root} from 'hast'
import type {VFile} from 'vfile'
import {createStore, type Step, type Store, type StepRecord} from '../engine/store.ts'
import {frontMatterQueries} from './front-matter-step.ts'
import {pageListStep, sitemapStep} from './page-list.ts'
import type {Template} from './page-kind.ts'
import {pageKinds, type Laid, type PageEnvironment} from './page-steps.ts'
import {pageViewQueries} from './page-views.ts'
import {
  renderInputs,
  renderStepOf,
  type RenderEnvironment,
  type RenderPlace
} from './render-step.ts'
import {siteQueries} from './site-steps.ts'
import {
  searchInputs,
  searchStepOf,
  type SearchEnvironment,
  type SearchPlace
} from '../search/search-step.ts'

type Kinds = ReturnType<typeof pageKinds>

/**
 * The layout stage's memory: its store, and two views of the store's own
 * values that decide nothing by themselves (the file made from each laid-out
 * value, and the last layout's list, where the store's stale values are
 * found by their place).
 */
export interface LayoutState {
  store: Store
  kinds: Kinds
  /** Every file step, for the records the next process revives. */
  fileSteps: ReadonlySet<Step<never, unknown>>
  /** Templates serialized on other threads, by their tree (see `layout-threads.ts`). */
  serialized: WeakMap<Root, Template>
  /** Files made from each laid-out value, so an unchanged value keeps its file. */
  files: WeakMap<Laid, VFile>
  /** The last layout's files, in the order of its list, with each file step's id: see {@link layoutSite}. */
  last?: {made: VFile[]; ids: Map<string, number>; since: number}
  sitemap: Step<'', string | undefined>
  /** The render stage's step in the same store (see `render-step.ts`). */
  render: RenderPlace
  /** The search index's shard step in the same store (see `search-step.ts`). */
  search: SearchPlace
}

/** What a layout state is made with. */
export interface LayoutOptions extends Omit<PageEnvironment, 'serialized'> {
  /** Bulletin's code version (see `code-version.ts`). */
  code: string
  /** The previous process's records of files (see `Store`). */
  records?: Iterable<StepRecord>
  /** For the oracle's test only: dependencies that are not recorded (see `StoreOptions`). */
  forget?: (id: string) => boolean
}

/** A layout state with nothing laid out yet. */
export function createLayoutState(options: LayoutOptions): LayoutState {
  const serialized = new WeakMap<Root, Template>()
  const kinds = pageKinds({
    ...(options.has ? {has: options.has} : {}),
    ...(options.read ? {read: options.read} : {}),
    serialized
  })
  const fileSteps = new Set(
    Object.values(kinds).flatMap((kind) =>
      kind.template && kind.tree ? [kind.step, kind.template, kind.tree] : [kind.step]
    ) as Step<never, unknown>[]
  )
  const sitemap = sitemapStep(kinds)
  const environment: {current?: RenderEnvironment} = {}
  const rendering = renderStepOf(() => environment.current)
  const searchEnvironment: {current?: SearchEnvironment} = {}
  const searchShard = searchStepOf(() => searchEnvironment.current)
  const store = createStore({
    code: options.code,
    queries: [
      ...frontMatterQueries,
      ...renderInputs,
      rendering,
      ...siteQueries,
      ...pageViewQueries,
      pageListStep,
      sitemap,
      ...fileSteps,
      ...searchInputs,
      searchShard
    ] as never[],
    ...(options.records ? {records: options.records} : {}),
    ...(options.forget ? {forget: options.forget} : {})
  })
  return {
    store,
    kinds,
    fileSteps,
    serialized,
    files: new WeakMap(),
    sitemap,
    render: {store, step: rendering, environment},
    search: {store, step: searchShard, environment: searchEnvironment}
  }
}
