/**
 * The build in memory, stage by stage: load → configuration → front matter
 * → archive → render → layout. Every content problem of every file is
 * collected before deciding; nothing is written here.
 */
import {availableParallelism} from 'node:os'
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import type {BuildOptions} from './build.ts'
import {parseMessages, type Messages} from '../model/i18n.ts'
import type {Archive} from '../stages/archive.ts'
import {createLayoutState, type LayoutState, type Sink, type Theme} from '../stages/layout.ts'
import {defaultLayouts, loadSources, themeFiles, type Sources} from '../stages/load.ts'
import {hasErrors} from '../model/message.ts'
import {assembleArchive} from '../stages/read-archive.ts'
import {buildChanged} from './build-changed.ts'
import {finishSite} from './finish-site.ts'
import {frontMatters} from '../stages/front-matter-step.ts'
import {startPagePool} from './layout-threads.ts'
import {renderAll, threadMinimum} from './render-threads.ts'
import {supportedLanguages, type AssetCopy, type Lang} from '../model/types.ts'

/** The site a build holds in memory, before it is written. */
export interface Site {
  /** Every file read, with its messages. */
  files: VFile[]
  /** Whether there is no error: the site may be published. */
  ok: boolean
  /** Files laid out (pages, feeds, assets…), by path in the output folder. */
  outputs: VFile[]
  /** Issue files copied as they are. */
  copies: AssetCopy[]
  /** The laid-out files that are new or changed since the state's previous build, by path. */
  changed: Map<string, VFile>
  /**
   * Built from the state's previous site (see `build-changed.ts`): the
   * same files, each the previous one unless in `changed`, and the same
   * copies, of files that may be new only where an issue file changed.
   */
  partial?: boolean
  /** The archive the site was made of, when it could be assembled: for `check`, which looks further. */
  archive?: Archive
}

/**
 * What one build leaves to the next in the same process (`bulletin dev`):
 * the store, whose values (texts read, front matters, renderings, laid-out
 * files and what they read) are reused when their inputs are unchanged.
 */
export interface BuildState {
  /** The store and the layout's memory. */
  layout: LayoutState
  /** The last build's site and what it was made of, when it succeeded and held its pages. */
  base?: SiteBase | undefined
}

/**
 * A site built in memory and what it was made of, for a save that changed
 * only some issue files to start from (see `build-changed.ts`).
 */
export interface SiteBase {
  /** The layout state it was laid out with: another state holds none of its values. */
  layout: LayoutState
  sources: Sources
  messages: Record<Lang, Messages>
  archive: Archive
  theme: Theme
  site: Site
}

/** A fresh build state; `layout` says how to lay out (by default, with nothing from a previous process). */
export function createBuildState(layout: LayoutState = createLayoutState({code: ''})): BuildState {
  return {layout}
}

/**
 * Build the site in memory, without its search index. With `state` from
 * the previous build, what did not change is reused; with `changed`, the
 * paths the watcher saw change since then, the others are not looked at.
 * With a `sink`, each laid-out file goes to it as soon as it is made and
 * then holds no value (see `layoutSite`): the site's outputs are then only
 * their paths and page data, even when the site fails.
 */
export async function buildSite(
  options: BuildOptions,
  state?: BuildState,
  changed?: ReadonlySet<string>,
  sink?: Sink
): Promise<Site> {
  if (state && changed && !sink) {
    const site = await buildChanged(options, state, changed)
    if (site) return site
  }
  if (state) state.base = undefined
  const content = resolve(options.cwd, options.content)
  const layouts = resolve(options.cwd, options.layouts ?? defaultLayouts)

  const progress = options.progress
  progress?.({phase: 'read'})
  // One revision of the store per build: the texts read, then the archive, are its inputs.
  const layoutState = state?.layout ?? createLayoutState({code: ''})
  layoutState.store.advance()
  const sources = await loadSources({
    content,
    layouts,
    cwd: options.cwd,
    ...(state ? {store: layoutState.store} : {}),
    ...(changed ? {changed} : {})
  })
  const theme = themeFiles(sources)
  const files = [...theme, ...sources.issues, ...sources.others]
  const failed = (): Site => ({files, ok: false, outputs: [], copies: [], changed: new Map()})
  if (hasErrors(theme)) return failed()

  const messages = {} as Record<Lang, Messages>
  for (const lang of supportedLanguages) {
    const parsed = parseMessages(sources.catalogues[lang])
    if (parsed) messages[lang] = parsed
  }
  const archive = assembleArchive(sources, options.drafts ?? false, (config, issues) =>
    frontMatters(layoutState.store, config, issues)
  )
  progress?.({phase: 'read', done: files.length, finished: true})
  if (!archive || supportedLanguages.some((lang) => !messages[lang])) return failed()

  await renderAll(
    archive.issues.flatMap((issue) => Object.values(issue.files)),
    archive,
    messages,
    layoutState.render,
    {
      ...(options.threads === undefined ? {} : {threads: options.threads}),
      ...(progress ? {progress: (done, total) => progress({phase: 'render', done, total})} : {})
    }
  )
  progress?.({phase: 'render', finished: true})

  const layoutTheme = {
    messages,
    stylesheet: String(sources.stylesheet.value),
    script: String(sources.script.value),
    icon: String(sources.icon.value)
  }
  const threads = options.threads ?? availableParallelism()
  // Laying out pages on other threads too pays only for a build that writes as it goes, and a large one.
  const startPool =
    sink && threads > 1
      ? (pages: number) => (pages >= threadMinimum ? startPagePool(threads - 1) : undefined)
      : undefined
  const site = await finishSite(archive, files, layoutTheme, layoutState, {
    sink,
    progress,
    startPool
  })
  // What a save of the dev server starts from (see `build-changed.ts`); a build that writes as it goes holds no page.
  if (state && !sink && site.ok)
    state.base = {layout: layoutState, sources, messages, archive, theme: layoutTheme, site}
  return {...site, archive}
}
