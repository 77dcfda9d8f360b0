/**
 * The dev server's builder: a child process that builds the site again at
 * each request of its parent (`server.ts`), reusing what did not change, and
 * answers with the files that changed. It refreshes the search index in the
 * background, after the answer, and stops that refresh when the next
 * request comes, so the index never delays a reload. A
 * change of the layouts' code needs a fresh process: the parent starts one.
 */
import {resolve} from 'node:path'
import {setTimeout} from 'node:timers/promises'
import {pathToFileURL} from 'node:url'
import {VFile} from 'vfile'
import type {BuildOptions} from '../engine/build.ts'
import {buildSite, createBuildState, type Site} from '../engine/build-site.ts'
import {openCache} from '../engine/cache.ts'
import {createLayoutState} from '../stages/layout.ts'
import {lastSite, type LastSite} from './last-site.ts'

export type {SiteFile} from './site-files.ts'
import {problems, report, type Problem} from '../model/report.ts'
import {bytes, changesOf, difference, filesOf, stepOf, type SiteFile} from './site-files.ts'
import {recordedBytes} from '../engine/previous-site.ts'
import {indexSearch, type SearchIndex} from '../search/search-index.ts'

/**
 * What the parent asks: a build, with the paths its watcher saw change
 * since the last request, or none to look at every file; `relayout` when a
 * file kept from the last build changed in the output folder, so that
 * nothing is taken from there any more.
 */
export type BuilderRequest = {type: 'build'; id: number; paths?: string[]; relayout?: boolean}

/** What the builder answers. */
export type BuilderReply =
  | {
      type: 'built'
      id: number
      ok: boolean
      /** The problems as the terminal shows them. */
      report: string
      problems: Problem[]
      /** Files that are new or changed, by path in the site. */
      changed: Record<string, SiteFile>
      /** Paths of files that are gone. */
      removed: string[]
      /** Files taken as the last `bulletin build` left them, not laid out again. */
      kept?: number
      milliseconds: number
    }
  | {
      type: 'search'
      changed: Record<string, SiteFile>
      removed: string[]
      report: string
      milliseconds: number
    }
  /** A page kept from the last build changed in the output folder: ask for a build that lays out everything. */
  | {type: 'relayout'}

/**
 * How long the saves must pause before the search index is refreshed: a
 * refresh competes with the next save's build for this thread and the
 * cores even when that save stops it, and a writer who saves again soon
 * wants the page first.
 */
const searchPause = 500

/** Serve requests from `send`ers until the parent goes. */
export function runBuilder(
  options: BuildOptions,
  receive: (listener: (request: BuilderRequest) => void) => void,
  send: (reply: BuilderReply) => void | Promise<void>
): void {
  const state = createBuildState()
  // The build's cache makes the first build quick; later ones keep the store in memory.
  const cache =
    options.cache === undefined
      ? undefined
      : openCache(resolve(options.cwd, options.cache), {name: options.cache})
  let first = true
  let served = new Map<string, SiteFile>()
  let indexed = new Map<string, SiteFile>()
  let lastIndex: SearchIndex | undefined
  let searching: AbortController | undefined
  let nextSearch: Site | undefined
  let lastGood: Site | undefined
  // The last `bulletin build`'s site, until a good build has taken what it kept from there.
  let last: LastSite | undefined
  // The layout's changed files are those since its last layout: true while that one was served.
  let inStep = false

  // The index is refreshed between saves: a save stops a refresh under way,
  // so that it never slows the build a reload waits for, and the refresh
  // starts again from the new site, once the saves have paused.
  const refreshSearch = async (site: Site): Promise<void> => {
    if (searching) {
      nextSearch = site
      return
    }
    const controller = new AbortController()
    searching = controller
    try {
      await setTimeout(searchPause, undefined, {signal: controller.signal})
      const started = performance.now()
      // Only the shards whose pages changed are indexed again; a save that changed no issue page leaves the index as it is.
      let untrusted = false
      const pages = pagesOf(site, served, () => void (untrusted = true))
      const search = await indexSearch(pages, {
        signal: controller.signal,
        place: state.layout.search,
        ...(lastIndex ? {previous: lastIndex} : {})
      })
      if (untrusted) {
        // A kept page changed in dist/: this index is not sent, and the store it went into goes.
        send({type: 'relayout'})
        return
      }
      if (search.files !== lastIndex?.files) {
        const files = new Map<string, SiteFile>(
          search.files.map((file) => [file.path, {body: bytes(file)}])
        )
        send({
          type: 'search',
          ...difference(indexed, files),
          report: report([search.report]),
          milliseconds: performance.now() - started
        })
        indexed = files
      }
      lastIndex = search
    } catch (error) {
      if (!controller.signal.aborted) throw error
    } finally {
      searching = undefined
    }
    const next = nextSearch
    nextSearch = undefined
    if (next) await refreshSearch(next)
  }

  receive((request) => {
    searching?.abort()
    // A system error (disk, bug) is not caught: it ends the builder, and the parent reports it.
    void (async () => {
      const started = performance.now()
      if (request.relayout) {
        state.layout = createLayoutState({code: ''})
        last = undefined
      }
      if (first && cache) {
        const opened = await cache
        const values = await opened.readValues()
        last = await lastSite(opened, resolve(options.cwd, options.out), values)
        state.layout = last?.layout ?? createLayoutState({code: opened.code, records: values})
      }
      const changedPaths = first || !request.paths ? undefined : new Set(request.paths)
      let site = await buildSite(options, state, changedPaths)
      // A save's site, partial, is served as the last one with its changes; any other is compared whole.
      const step = site.ok && site.partial && inStep && !last ? stepOf(site, served) : undefined
      let files = step?.files ?? (site.ok ? filesOf(site, served, last) : undefined)
      if (site.ok && !files) {
        // A file of the last build is not as it recorded: lay out everything.
        state.layout = createLayoutState({code: ''})
        site = await buildSite(options, state)
        files = filesOf(site, served, undefined)
      }
      if (first && cache) {
        await (await cache).writeValues(state.layout.store.persisted())
      }
      first = false
      const common = {
        type: 'built' as const,
        id: request.id,
        ok: site.ok,
        report: report(site.files),
        problems: problems(site.files)
      }
      if (!site.ok || !files) {
        inStep = false
        send({...common, changed: {}, removed: [], milliseconds: performance.now() - started})
        // The site served is still the last good one: its index is the one to finish.
        if (lastGood) await refreshSearch(lastGood)
        return
      }
      const {changed, removed} =
        step ?? (inStep ? changesOf(served, files, site.changed) : difference(served, files))
      const kept = last ? site.outputs.filter((file) => file.data.page?.kept).length : 0
      // Sent before the search index is refreshed: a large reply is written while this thread is free.
      await send({
        ...common,
        changed,
        removed,
        ...(kept > 0 ? {kept} : {}),
        milliseconds: performance.now() - started
      })
      served = files
      last = undefined
      inStep = true
      lastGood = site
      await refreshSearch(site)
    })()
  })
}

/**
 * The site's pages with their bytes, for the search index, which reads
 * them from memory: a page kept in the output folder is read from there
 * only when Pagefind indexes its shard (its digest says whether it must),
 * and only as the last build recorded it.
 */
function pagesOf(site: Site, served: ReadonlyMap<string, SiteFile>, changed: () => void): VFile[] {
  return site.outputs.map((page) => {
    if (!page.data.page?.kept) return page
    const file = served.get(page.path)
    const made = new VFile({
      path: page.path,
      value: file && 'body' in file ? file.body : '',
      data: page.data
    })
    if (file && 'kept' in file)
      Object.defineProperty(made, 'value', {
        get: () => {
          const bytes = recordedBytes(file.kept, file.digest)
          if (bytes === undefined) changed()
          return bytes ?? ''
        }
      })
    return made
  })
}

// Run as the dev server's child process: options in the first argument, requests and replies over IPC.
if (process.send && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = JSON.parse(process.argv[2] ?? '{}') as BuildOptions
  runBuilder(
    options,
    (listener) => process.on('message', listener),
    // Once written: the callback comes on failure too (the parent went, and this process with it).
    (reply) =>
      new Promise<void>((sent) => {
        if (process.send) process.send(reply, undefined, undefined, () => sent())
        else sent()
      })
  )
  process.on('disconnect', () => process.exit(0))
}
