/**
 * A save in `bulletin dev` that changed only issue files, in folders that
 * list the same files as before: the last site is taken again, and those
 * folders alone are read, parsed, assembled, rendered and laid out again,
 * without a look at the rest of the archive. A change that reaches the
 * archive's shape (a number, a language, a section's id, a draft, a file
 * that came or went, an error) is left to a full build: otherwise what
 * links and lists see of every other issue is as it was, so their files,
 * messages and renderings hold, and the store's record of what each page
 * read says which pages to lay out again (see `stages/layout.ts`).
 */
import {relative, resolve, join, sep} from 'node:path'
import type {VFile} from 'vfile'
import type {BuildOptions} from './build.ts'
import type {BuildState, Site} from './build-site.ts'
import {finishSite} from './finish-site.ts'
import {renderAll} from './render-threads.ts'
import {buildArchive, type Archive, type Issue} from '../stages/archive.ts'
import {frontMattersOf} from '../stages/front-matter-step.ts'
import {reloadFolders} from '../stages/load-folder.ts'
import {defaultLayouts, loadTheme, themeFiles} from '../stages/load.ts'
import {publishable} from '../stages/read-archive.ts'
import {targetDigest} from '../stages/render-step.ts'
import {supportedLanguages} from '../model/types.ts'

/**
 * The site after a save of the issue files `changed` (paths from `cwd`
 * or absolute), built from the state's last site; undefined when the
 * change is not one this can build, for a full build to.
 */
export async function buildChanged(
  options: BuildOptions,
  state: BuildState,
  changed: ReadonlySet<string>
): Promise<Site | undefined> {
  const base = state.base
  if (!base || base.layout !== state.layout) return undefined
  const content = resolve(options.cwd, options.content)
  const folders = issueFolders(content, options.cwd, changed)
  if (!folders || folders.length === 0) return undefined
  // Read again, as every build does: small, and a change of them is the whole site's.
  const layouts = resolve(options.cwd, options.layouts ?? defaultLayouts)
  const theme = await loadTheme({content, layouts, cwd: options.cwd})
  // The same text reads with the same problems: the base's files hold those and the later stages'.
  const before = themeFiles(base.sources)
  if (themeFiles(theme).some((file, index) => String(file.value) !== String(before[index]?.value)))
    return undefined
  const {store} = state.layout
  store.advance()
  const fresh = await reloadFolders({content, cwd: options.cwd, store, folders})
  const replaced = fresh && replacements(base.sources.issues, fresh)
  if (!fresh || !replaced) return undefined
  const {config} = base.archive
  const issueFiles = publishable(config, fresh)
  frontMattersOf(store, issueFiles)
  const partial = buildArchive(config, issueFiles, options.drafts ?? false)
  const next = nextArchive(base.archive, partial, fresh)
  if (!next) return undefined
  await renderAll(
    next.changed.flatMap((issue) => Object.values(issue.files)),
    next.archive,
    base.messages,
    state.layout.render,
    {only: true, ...(options.threads === undefined ? {} : {threads: options.threads})}
  )
  const files = base.site.files.map((file) => replaced.get(file) ?? file)
  const site = await finishSite(
    next.archive,
    files,
    base.theme,
    state.layout,
    {only: next.changed},
    base.site
  )
  const issues = base.sources.issues.map((file) => replaced.get(file) ?? file)
  state.base = site.ok
    ? {...base, sources: {...base.sources, issues}, archive: next.archive, site}
    : undefined
  return site
}

/** The issue folders of `paths`, as named on disk; undefined if one is not an issue file. */
function issueFolders(
  content: string,
  cwd: string,
  paths: ReadonlySet<string>
): string[] | undefined {
  const issues = join(content, 'issues')
  const folders = new Set<string>()
  for (const path of paths) {
    const parts = relative(issues, resolve(cwd, path)).split(sep)
    const [folder, name] = parts
    if (parts.length !== 2 || folder === undefined || folder === '..' || folder.startsWith('.'))
      return undefined
    if (!supportedLanguages.some((lang) => name === `${lang}.md`)) return undefined
    folders.add(folder)
  }
  return [...folders]
}

/** Each issue file of the reloaded folders in the last load, with the file read again in its place. */
function replacements(
  issues: readonly VFile[],
  fresh: readonly VFile[]
): Map<VFile, VFile> | undefined {
  const byPath = new Map(fresh.map((file) => [file.path, file]))
  const folders = new Set(fresh.map((file) => file.data.source?.folder))
  const replaced = new Map<VFile, VFile>()
  for (const file of issues) {
    if (!folders.has(file.data.source?.folder)) continue
    const next = byPath.get(file.path)
    if (!next) return undefined
    replaced.set(file, next)
  }
  return replaced.size === fresh.length ? replaced : undefined
}

/**
 * The archive with the issues of `partial` (made of the `fresh` files of
 * the changed folders alone) in place of theirs, and those issues; undefined when what a link sees
 * of a folder changed, or it was left out as a duplicate: then other
 * issues' pages, links or messages may change too.
 */
function nextArchive(
  base: Archive,
  partial: Archive,
  fresh: readonly VFile[]
): {archive: Archive; changed: Issue[]} | undefined {
  const issues = [...base.issues]
  const changed: Issue[] = []
  const folders = new Set(fresh.map((file) => file.data.source?.folder))
  for (const folder of folders) {
    if (folder === undefined) return undefined
    const target = partial.targets.get(folder)
    if (targetDigest(target) !== targetDigest(base.targets.get(folder))) return undefined
    if (target?.kind !== 'issue') continue
    const issue = partial.issues.find((item) => item.folder === folder)
    const index = issues.findIndex((item) => item.folder === folder)
    if (!issue || index === -1) return undefined
    issues[index] = issue
    changed.push(issue)
  }
  return {archive: {config: base.config, issues, targets: base.targets}, changed}
}
