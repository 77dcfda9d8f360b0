/**
 * The build, stage by stage: load → configuration → front matter → archive
 * → render → layout → write. Every content problem of every file is
 * collected before deciding; the output folder is only touched when there
 * is no error.
 */
import {realpathSync} from 'node:fs'
import {resolve, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {VFile} from 'vfile'
import {buildArchive} from './archive.ts'
import {parseConfig} from './config.ts'
import {parseIssueFile} from './front-matter.ts'
import {parseMessages, type Messages} from './i18n.ts'
import {layoutSite} from './layout.ts'
import {loadSources} from './load.ts'
import {hasErrors, warn} from './message.ts'
import {assetCopies, checkOutputs} from './outputs.ts'
import {createProcessor, renderIssueFile, type PartProcessor} from './render.ts'
import {buildSearchIndex} from './search-index.ts'
import {supportedLanguages, type Lang} from './types.ts'
import {writeSite} from './write.ts'

/** The theme shipped with Bulletin. */
export const defaultLayouts = fileURLToPath(new URL('../layouts/', import.meta.url))

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
}

/** What a build did. */
export interface BuildResult {
  /** Every file read, with its messages. */
  files: VFile[]
  /** Whether the site was written (or, in a dry run, would be). */
  ok: boolean
  /** Number of pages (HTML documents) built. */
  pages: number
  /** Number of files written to the output folder. */
  written: number
}

/** Build the site. Throws only on system errors (disk, bugs), with their cause. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const content = resolve(options.cwd, options.content)
  const out = resolve(options.cwd, options.out)
  const layouts = resolve(options.cwd, options.layouts ?? defaultLayouts)
  checkOutputFolder(out, [content, layouts, options.cwd])

  const sources = await loadSources({content, layouts, cwd: options.cwd})
  const files = [sources.config, ...Object.values(sources.catalogues), sources.stylesheet, sources.script, sources.icon, ...sources.issues, ...sources.others]
  const failed = (): BuildResult => ({files, ok: false, pages: 0, written: 0})
  if (hasErrors([sources.config, ...Object.values(sources.catalogues), sources.stylesheet, sources.script, sources.icon])) return failed()

  const config = parseConfig(sources.config)
  const messages = {} as Record<Lang, Messages>
  for (const lang of supportedLanguages) {
    const parsed = parseMessages(sources.catalogues[lang])
    if (parsed) messages[lang] = parsed
  }
  if (!config || supportedLanguages.some((lang) => !messages[lang])) return failed()

  for (const file of sources.issues) {
    const lang = file.data.source?.lang
    if (lang !== undefined && !config.languages.includes(lang)) {
      warn(file, `Ignored: \`${lang}\` is not among the site’s \`languages\` in site.yml`, undefined, 'unknown-language')
    }
  }
  const issueFiles = sources.issues.filter((file) => file.data.source && config.languages.includes(file.data.source.lang) && !hasErrors([file]))
  for (const file of issueFiles) parseIssueFile(file, config)

  const archive = buildArchive(config, issueFiles, options.drafts ?? false)

  const processors: Partial<Record<Lang, PartProcessor>> = {}
  for (const lang of config.languages) processors[lang] = createProcessor(archive, messages[lang])
  for (const issue of archive.issues) {
    for (const file of Object.values(issue.files)) renderIssueFile(file, processors)
  }

  const pages = layoutSite(archive, {messages, stylesheet: String(sources.stylesheet.value), script: String(sources.script.value), icon: String(sources.icon.value)})
  const copies = assetCopies(archive)
  const byPath = new Map(files.map((file) => [file.path, file]))
  checkOutputs([
    ...pages.map((page) => ({path: page.path, origin: page.data.page?.origin === undefined ? undefined : byPath.get(page.data.page.origin)})),
    ...copies.map(({copy, origin}) => ({path: copy.to, origin}))
  ])
  if (hasErrors(files)) return failed()

  if (options.search ?? true) {
    const search = await buildSearchIndex(pages, Object.fromEntries(config.languages.map((lang) => [lang, archive.issues.length])))
    files.push(search.report)
    if (hasErrors([search.report, ...pages])) return failed()
    pages.push(...search.files)
  }

  const written = pages.length + copies.length
  const pageCount = pages.filter((page) => page.path.endsWith('.html')).length
  if (!options.dryRun) await writeSite(out, pages, copies.map(({copy}) => copy))
  return {files, ok: true, pages: pageCount, written}
}

/** The output folder is replaced as a whole: it must not hold anything else. */
function checkOutputFolder(out: string, keep: readonly string[]): void {
  const real = (path: string): string => {
    try {
      return realpathSync(path)
    } catch {
      return path
    }
  }
  const target = real(out)
  for (const path of keep.map(real)) {
    if (path === target || path.startsWith(target + sep)) {
      throw new Error(`The output folder ${out} would replace ${path}: choose an output folder of its own, such as dist/`)
    }
  }
}
