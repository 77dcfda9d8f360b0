/**
 * The build, written: up-to-date check → the site in memory (load → … →
 * layout, in `build-site.ts`) → stage → search index → swap. The output
 * folder is only touched when there is no error, and all at once.
 *
 * The stages are imported when needed: a build with nothing to do answers
 * without loading the Markdown pipeline, Pagefind or the layouts.
 */
import {mkdir} from 'node:fs/promises'
import {basename, dirname, join, relative, resolve} from 'node:path'
import {VFile} from 'vfile'
import type {Archive} from '../stages/archive.ts'
import type {BuildState, Site} from './build-site.ts'
import {openCache, type BuildRecord, type Cache, type LastBuild} from './cache.ts'
import {defaultLayouts, realPathOf} from '../stages/load.ts'
import {acquireLock, type Lock} from './lock.ts'
import {checkOutputFolder, publishTarget} from './output-folder.ts'
import type {SearchIndexer} from '../search/search-index.ts'
import {snapshotHolds, takeSnapshot} from './up-to-date.ts'
import {searchIndexer, searchStarter, shardOnceWritten, stageSearch} from './build-search.ts'
import type {ProgressListener} from './progress.ts'
import {startStageWriter} from './stage-writer.ts'
import {outputIntact, untouchedFiles, untouchedOutputs} from './previous-site.ts'
import {
  commitStage,
  createStage,
  discardStage,
  stageCopies,
  stageSink,
  type Committed,
  type Stage
} from './write.ts'

/** Options of a build. Paths may be relative to `cwd`. */
export interface BuildOptions {
  /** Content folder (with `site.yml` and `issues/`). */
  content: string
  /** Output folder, replaced as a whole. */
  out: string
  /** Include issues marked `draft: true`. */
  drafts?: boolean
  /** Folder that paths and messages are relative to. */
  cwd: string
  /** Layouts folder; Bulletin's own by default. */
  layouts?: string
  /** Check only: do everything but write. */
  dryRun?: boolean
  /** Build the search index (default); a check leaves it out, as it only reads the pages built. */
  search?: boolean
  /**
   * Folder of the persistent cache, such as `.cache/bulletin`: renderings,
   * the search index and the record of the last build. None by default.
   */
  cache?: string
  /** Threads to render Markdown on when there is much to render; the machine's cores by default. */
  threads?: number
  /** Hears where the build is, phase by phase. */
  progress?: ProgressListener
}

/** What a build did. */
export interface BuildResult {
  /** Every file read, with its messages (after an up-to-date check, those that had messages). */
  files: VFile[]
  /** Whether the site was written (or, in a dry run, would be). */
  ok: boolean
  /** Number of pages (HTML documents) built. */
  pages: number
  /** Number of files in the output folder. */
  written: number
  /** Nothing had changed since the last build: the output folder was left as it was. */
  upToDate?: boolean
  /** Files made by this build; the others were kept from the previous site (see `KeptPages`). */
  laidOut?: number
  /** The archive, in a dry run that could assemble it (`check` looks further into it). */
  archive?: Archive
}

/** Build the site and write it. Throws only on system errors (disk, bugs), with their cause. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  if (options.dryRun) return buildLocked(options, resolve(options.cwd, options.out), undefined)
  const out = resolve(options.cwd, options.out)
  const target = publishTarget(out)
  const cacheFolder = options.cache === undefined ? undefined : resolve(options.cwd, options.cache)
  const content = resolve(options.cwd, options.content)
  checkOutputFolder(options.out, target, {
    content,
    layouts: resolve(options.cwd, options.layouts ?? defaultLayouts),
    cwd: options.cwd,
    cache: cacheFolder
  })
  await mkdir(dirname(target), {recursive: true})
  const lock = acquireLock(
    join(dirname(target), `.${basename(target)}.lock`),
    `the output folder ${options.out}`
  )
  try {
    const cache =
      cacheFolder === undefined
        ? undefined
        : await openCache(cacheFolder, {
            name: relative(options.cwd, cacheFolder) || '.',
            exclusive: true
          })
    try {
      return await buildLocked(options, target, cache, lock)
    } finally {
      cache?.close()
    }
  } finally {
    lock.release()
  }
}

/** The build, with the output folder's lock held (none in a dry run, which writes nothing). */
async function buildLocked(
  options: BuildOptions,
  out: string,
  cache: Cache | undefined,
  lock?: Lock
): Promise<BuildResult> {
  const last = await cache?.readBuild()
  const asked = cache ? askedOf(options, cache.code) : undefined
  const withCacheReport = (files: VFile[]): VFile[] =>
    cache && cache.report.messages.length > 0 ? [...files, cache.report] : files
  if (
    last?.inputs &&
    asked &&
    last.inputs.asked === asked.json &&
    snapshotHolds(last.inputs) &&
    outputIntact(out, last.outputs, last.folders)
  ) {
    return {
      files: withCacheReport(last.files),
      ok: true,
      pages: last.pages,
      written: last.outputs.size,
      upToDate: true
    }
  }

  // Taken before anything is read: a change made during the build is seen by the next.
  const inputs = asked && takeSnapshot(asked.roots, asked.json)
  const {buildSite} = await import('./build-site.ts')
  // Files of the previous site as it left them: pages made from the same
  // inputs are linked from there, without being laid out again.
  const linkable = last ? untouchedOutputs(out, last.outputs) : new Map<string, string>()
  const state = cache && (await warmState(cache, last, out, linkable))
  // Each page goes to the stage as soon as it is laid out, so the build
  // never holds the whole site; a failed build discards the stage.
  const stage = lock ? await createStage(out, linkable) : undefined
  let failed: unknown
  // The search index starts on each shard as soon as its pages are staged.
  const search =
    stage && (options.search ?? true) ? await searchIndexer(stage, state?.layout.search) : undefined
  // For a large site, the stage's files are written on a thread of their own while pages are laid out.
  const staging = stage && stageSink(stage, startStageWriter)
  const giveUp = async (): Promise<void> => {
    await search?.stop()
    await staging?.close().catch(() => undefined)
    if (stage) await discardStage(stage)
  }
  let site: Site
  try {
    const start = search && searchStarter(search, options.progress)
    const sink = staging && {
      ...staging,
      // Pagefind reads a shard's pages from the stage: once they are written.
      ...(start ? {shard: shardOnceWritten(staging, start, (error) => (failed ??= error))} : {})
    }
    site = await buildSite(options, state, undefined, sink)
    await staging?.close()
    if (failed) throw failed
  } catch (error) {
    await giveUp()
    throw error
  }
  site.files = withCacheReport(site.files)
  // Renderings and front matters of sound files hold even when another file
  // fails; only the shards in which one is new or gone are written again.
  const saveCaches = async (): Promise<void> => {
    if (!cache || !state) return
    await cache.writeValues(state.layout.store.persisted())
  }
  const pages = site.outputs.filter((page) => page.path.endsWith('.html')).length
  if (!site.ok || !stage || !lock) {
    await giveUp()
    await saveCaches()
    const archive = options.dryRun && site.archive ? {archive: site.archive} : {}
    return site.ok
      ? {
          files: site.files,
          ok: true,
          pages,
          written: site.outputs.length + site.copies.length,
          ...archive
        }
      : {files: site.files, ok: false, pages: 0, written: 0, ...archive}
  }
  const {progress} = options
  return publish(
    {stage, site, cache, lock, search, saveCaches, progress},
    ({outputs, folders}) => ({
      inputs,
      outputs,
      folders,
      files: site.files.filter((file) => file !== cache?.report),
      pages,
      steps: state ? state.layout.store.records() : []
    })
  )
}

/** What a build in a new process starts from: the cache's renderings and the last build's records. */
async function warmState(
  cache: Cache,
  last: LastBuild | undefined,
  out: string,
  linkable: ReadonlyMap<string, string>
): Promise<BuildState> {
  const {createLayoutState} = await import('../stages/layout.ts')
  return {
    layout: createLayoutState({
      code: cache.code,
      records: [...(last ? await last.readSteps() : []), ...(await cache.readValues())],
      has: (path: string) => linkable.has(path),
      read: untouchedFiles(out, linkable)
    })
  }
}

/** What {@link publish} finishes. */
interface Publishing {
  /** The search index under way, if the site has one. */
  search: SearchIndexer | undefined
  /** The stage, which holds every laid-out file already. */
  stage: Stage
  site: Site
  cache: Cache | undefined
  lock: Lock
  saveCaches: () => Promise<void>
  progress: ProgressListener | undefined
}

/**
 * Finish a sound site: the search index (Pagefind reads the staged pages
 * in its own process, on the other core, while this one writes the copies
 * and the cache), then the swap and the record.
 */
async function publish(
  {search, stage, site, cache, lock, saveCaches, progress}: Publishing,
  recordOf: (committed: Committed) => BuildRecord
): Promise<BuildResult> {
  const failed: BuildResult = {files: site.files, ok: false, pages: 0, written: 0}
  try {
    if (search) progress?.({phase: 'search'})
    const searched = search
      ? stageSearch(stage, site, search).finally(() =>
          progress?.({phase: 'search', finished: true})
        )
      : Promise.resolve(true)
    searched.catch(() => undefined)
    progress?.({phase: 'write'})
    await saveCaches()
    await stageCopies(stage, site.copies)
    if (!(await searched)) {
      await discardStage(stage)
      return failed
    }
    // The search shards indexed since: the shards of the store that hold them are written again.
    if (search) await saveCaches()
    lock.check()
    const committed = await commitStage(stage)
    const record = recordOf(committed)
    await cache?.writeBuild(record)
    progress?.({phase: 'write', finished: true})
    return {
      files: site.files,
      ok: true,
      pages: record.pages,
      written: committed.outputs.size,
      laidOut: site.outputs.filter((file) => !file.data.page?.kept).length
    }
  } catch (error) {
    await discardStage(stage)
    throw new Error(`Cannot write the site to ${stage.out}`, {cause: error})
  }
}

/** How a build was asked to build, as JSON, and the folders it reads (see `takeSnapshot`). */
function askedOf(options: BuildOptions, code: string): {json: string; roots: string[]} {
  const real = (path: string): string => realPathOf(resolve(options.cwd, path))
  const content = real(options.content)
  const layouts = real(options.layouts ?? defaultLayouts)
  // Bulletin's code counts by its one version (see code-version.ts), the content and the theme by their files.
  const json = JSON.stringify({
    code,
    content,
    layouts,
    out: real(options.out),
    drafts: options.drafts ?? false,
    search: options.search ?? true
  })
  return {json, roots: [...new Set([content, layouts])]}
}
