/**
 * Layout stage: from the archive and its rendered issue files to the files
 * of the site: pages laid out by `layouts/` and serialized to HTML, the
 * assets, feeds, sitemap and JSON export. Each is a VFile whose path is
 * where it is written in the output folder.
 *
 * The archive is set into the store as inputs (see `site-steps.ts`), and
 * every file is the value of a step (see `page-steps.ts`): a file is laid
 * out again only when something it read changed.
 */
import {createHash} from 'node:crypto'
import type {Root} from 'hast'
import {VFile} from 'vfile'
import {idOf, type Arg} from '../engine/store.ts'
import type {Messages} from '../model/i18n.ts'
import * as routes from '../model/routes.ts'
import type {Lang} from '../model/types.ts'
import type {Archive, Issue} from './archive.ts'
import {assetUrls, fingerprintLength} from './asset-slots.ts'
import {makingOrder} from './layout-order.ts'
import {pageListStep} from './page-list.ts'
import {fileOf, type Template} from './page-kind.ts'
import type {PageKind} from './page-steps.ts'
import {setInputs, setIssue} from './layout-inputs.ts'
import {assetsInput} from './site-steps.ts'
import type {ProgressListener} from '../engine/progress.ts'
import type {LayoutState} from './layout-state.ts'

export {createLayoutState, type LayoutOptions, type LayoutState} from './layout-state.ts'

/** What the layout stage needs besides the archive. */
export interface Theme {
  messages: Record<Lang, Messages>
  /** The stylesheet's text. */
  stylesheet: string
  /** The script's text. */
  script: string
  /** The site's icon (SVG). */
  icon: string
}

type KindName = keyof LayoutState['kinds']

/** What a layout made. */
export interface Layout {
  /** Every file of the site, in a fixed order. */
  files: VFile[]
  /** The files that are new or changed since the previous layout of the same state, by path. */
  changed: Map<string, VFile>
  /** The list of pages is the previous layout's: no page came or went. */
  listed: boolean
}

/**
 * Where a layout puts its files as it makes them: `expect` gets the paths
 * of the pages to come, before the first (folders are quicker to make all
 * at once), then `put` gets each file, and `shard`, if given, each shard of
 * the search index once its pages have all been put (see `layout-order.ts`).
 */
export interface Sink {
  expect(paths: readonly string[]): void
  put(file: VFile): void
  shard?(number: number, members: readonly VFile[]): void
  /** While the sink holds too much that it has not put away yet, resolves once the layout may go on. */
  room?(): Promise<void> | undefined
}

/** Files made between two turns of the event loop, when a shard's index may be under way. */
const turn = 200

/**
 * Where a layout has pages serialized besides its own thread (see
 * `layout-threads.ts`): the template of a tree, which the pool may leave
 * to this thread (undefined).
 */
export interface PagePool {
  serialize(tree: Root, address: string, searched: boolean): Promise<Template> | undefined
  close(): Promise<void>
}

/** Starts a pool for a layout that has `pages` pages to serialize, or none when they are too few. */
export type StartPool = (pages: number) => PagePool | undefined

/** Pages whose trees are made and sent ahead of the one being laid out. */
const window = 32

/** How {@link layoutSite} goes about it: where its files go, and what changed. */
export interface LayoutSteering {
  /** Where each file goes as soon as it is made. */
  sink?: Sink | undefined
  progress?: ProgressListener | undefined
  /** Starts threads to serialize pages on, when there are many. */
  startPool?: StartPool | undefined
  /**
   * The issues that changed since the state's last layout, the archive's
   * other inputs (configuration, theme, numbers) being the same objects:
   * only these are set into the store (see `engine/build-changed.ts`).
   */
  only?: readonly Issue[] | undefined
}

/**
 * Lay out every file of the site, reusing what the state holds when its
 * inputs are unchanged. With a `sink`, each file is handed to it as soon as
 * it is made, and then holds no value: the caller writes it, and the
 * memory it took is free for the next (the state keeps no file either).
 */
export async function layoutSite(
  archive: Archive,
  theme: Theme,
  state: LayoutState,
  {sink, progress, startPool, only}: LayoutSteering = {}
): Promise<Layout> {
  const fingerprint = (text: string): string =>
    createHash('sha256').update(text).digest('hex').slice(0, fingerprintLength)
  const fingerprints = {
    stylesheet: fingerprint(theme.stylesheet),
    script: fingerprint(theme.script),
    icon: fingerprint(theme.icon)
  }
  if (only) for (const issue of only) setIssue(state, issue)
  else setInputs(state, archive, theme.messages, fingerprints)
  const urls = assetUrls(fingerprints)
  const files = [
    textFile(urls.stylesheet, theme.stylesheet),
    textFile(urls.script, theme.script),
    textFile(urls.icon, theme.icon)
  ]
  const assetsLaid = [...files]
  const changed = new Map<string, VFile>()
  if (state.store.changed(assetsInput, '')) for (const file of files) changed.set(file.path, file)
  const {store, kinds} = state
  const list = store.get(pageListStep, '')
  const kindOf = (name: string): PageKind<Arg> => kinds[name as KindName] as PageKind<Arg>
  sink?.expect(list.map(([name, arg]) => routes.outputPath(kindOf(name).url(arg))))
  const make = fileMaker(archive, state, changed, sink)
  const again = !sink && !store.changed(pageListStep, '') && state.last
  if (again && again.since < sweepEvery) {
    files.push(...layoutStale(state, list, kindOf, make, again))
    return finish(state, files, changed, assetsLaid, undefined)
  }
  const made: VFile[] = []
  // Without a search index to start, the site's own order (the dev server's saves).
  const {order, shards} = sink?.shard
    ? makingOrder(list, kindOf)
    : {order: list.map((_, index) => index), shards: new Map<number, number[]>()}
  // A shard's pages are made in a row: its last one completes it.
  const closing = new Map([...shards].map(([number, members]) => [members.at(-1), number]))
  const ahead =
    startPool &&
    serializeAhead(
      state,
      order.map((index) => list[index] as Entry),
      kindOf,
      startPool
    )
  try {
    for (const [position, index] of order.entries()) {
      const [name, arg] = list[index] as [KindName, Arg]
      if (ahead) await ahead.ready(position)
      made[index] = make(kindOf(name), arg)
      const room = sink?.room?.()
      if (room) await room
      progress?.({phase: 'layout', done: position + 1, total: order.length})
      if (!sink?.shard) continue
      const shard = closing.get(index)
      if (shard !== undefined)
        sink.shard(
          shard,
          (shards.get(shard) ?? []).map((member) => made[member] as VFile)
        )
      // Pagefind's replies for the shards under way, to the last file.
      if (position % turn === 0) await new Promise((resume) => setImmediate(resume))
    }
  } finally {
    await ahead?.close()
  }
  files.push(...made)
  progress?.({phase: 'layout', finished: true})
  if (!sink) {
    const ids = new Map(list.map(([name, arg], index) => [idOf(kindOf(name).step, arg), index]))
    state.last = {made, ids, since: 0}
  }
  const layout = finish(state, files, changed, assetsLaid, sink)
  store.sweep()
  return layout
}

/** Layouts of the dev server between two sweeps of the store (which visit every file). */
const sweepEvery = 100

/**
 * The files of a site whose list of files is the last layout's: those a
 * changed input may have reached are asked for again, the others are the
 * last layout's, without a look (the store says which, see `readers.ts`).
 */
function layoutStale(
  state: LayoutState,
  list: readonly (readonly [string, Arg])[],
  kindOf: (name: string) => PageKind<Arg>,
  make: (kind: PageKind<Arg>, arg: Arg) => VFile,
  last: NonNullable<LayoutState['last']>
): VFile[] {
  const made = [...last.made]
  for (const id of [...state.store.stale()]) {
    const index = last.ids.get(id)
    const entry = index === undefined ? undefined : list[index]
    if (entry && index !== undefined) made[index] = make(kindOf(entry[0]), entry[1])
  }
  state.last = {made, ids: last.ids, since: last.since + 1}
  return made
}

/** The sitemap after the files, and the theme's files to the sink. */
function finish(
  state: LayoutState,
  files: VFile[],
  changed: Map<string, VFile>,
  assets: readonly VFile[],
  sink: Sink | undefined
): Layout {
  const site = state.store.get(state.sitemap, '')
  const map = site === undefined ? undefined : textFile(routes.sitemapUrl, site)
  if (map) files.push(map)
  if (map && state.store.changed(state.sitemap, '')) changed.set(map.path, map)
  if (sink) {
    for (const file of assets) sink.put(file)
    if (map) sink.put(map)
  }
  return {files, changed, listed: !state.store.changed(pageListStep, '')}
}

/** What makes one file of the site: from the store, put in the sink if any, and noted in `changed` if new. */
function fileMaker(
  archive: Archive,
  state: LayoutState,
  changed: Map<string, VFile>,
  sink: Sink | undefined
): (kind: PageKind<Arg>, arg: Arg) => VFile {
  const issues = new Map(archive.issues.map((issue) => [issue.number, issue]))
  const {store} = state
  return (kind, arg) => {
    const laid = store.get(kind.step, arg)
    // Its template is made: the tree, which serializing changed, is made again if ever read.
    if (kind.tree) store.release(kind.tree, arg)
    let file = state.files.get(laid)
    if (!file) {
      file = fileOf(kind, arg, laid, issues)
      state.files.set(laid, file)
    }
    if (store.changed(kind.step, arg)) changed.set(file.path, file)
    if (sink) {
      sink.put(file)
      // Valueless, as a kept file is: VFile's type says it always has one.
      Object.assign(file, {value: undefined})
      store.release(kind.step, arg)
      if (kind.template) store.release(kind.template, arg)
    }
    return file
  }
}

type Entry = readonly [string, Arg]

/**
 * The pages' trees made and sent to a pool ahead of their layout, in the
 * order of `entries`, once the pages to serialize are counted: `ready(n)`
 * once the template of the nth, if sent, is back. A page whose template
 * holds is not counted or sent.
 */
function serializeAhead(
  state: LayoutState,
  entries: readonly Entry[],
  kindOf: (name: string) => PageKind<Arg>,
  startPool: StartPool
): {ready(position: number): Promise<void>; close(): Promise<void>} | undefined {
  const {store, serialized} = state
  const todo = entries.map(([name, arg]) => {
    const kind = kindOf(name)
    return (
      kind.template !== undefined && kind.tree !== undefined && !store.holds(kind.template, arg)
    )
  })
  const pool = startPool(todo.filter(Boolean).length)
  if (!pool) return undefined
  const sent = new Map<number, Promise<void>>()
  let prepared = 0
  const prepare = (position: number): void => {
    const [name, arg] = entries[position] as Entry
    const kind = kindOf(name)
    if (!todo[position] || !kind.tree) return
    const tree = store.get(kind.tree, arg)
    const made = pool.serialize(tree, kind.url(arg), kind.issue !== undefined)
    if (!made) return
    const back = made.then((template) => void serialized.set(tree, template))
    // Awaited in its turn; a failure then ends the layout, not the process before it.
    back.catch(() => undefined)
    sent.set(position, back)
  }
  return {
    async ready(position) {
      while (prepared < entries.length && prepared <= position + window) prepare(prepared++)
      const waiting = sent.get(position)
      sent.delete(position)
      await waiting
    },
    close: () => pool.close()
  }
}

function textFile(url: string, value: string): VFile {
  return new VFile({path: routes.outputPath(url), value, data: {page: {url}}})
}
