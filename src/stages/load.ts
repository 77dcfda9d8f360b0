/**
 * Load stage: read the content folder and the theme from disk into VFiles.
 * Text must be UTF-8; a byte-order mark and CRLF line endings are accepted
 * and normalized. Nothing outside the content and layouts folders is read.
 */
import {realpathSync} from 'node:fs'
import {realpath} from 'node:fs/promises'
import {basename, dirname, join, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import {VFile} from 'vfile'
import {inBatches} from '../engine/batches.ts'
import type {Store} from '../engine/store.ts'
import {displayer, kindOf, listFolder, loadIssueFolder, problem} from './load-folder.ts'
import {loadMemory} from './load-memory.ts'
import {readText} from './read-text.ts'
import {fail} from '../model/message.ts'
import {supportedLanguages, type Lang} from '../model/types.ts'

/** The theme shipped with Bulletin. */
export const defaultLayouts = fileURLToPath(new URL('../../layouts/', import.meta.url))

/**
 * Where `path` really is, links resolved; for a path that does not exist
 * yet, where it would be: its existing parents resolved.
 */
export function realPathOf(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    const parent = dirname(path)
    return parent === path ? path : join(realPathOf(parent), basename(path))
  }
}

/** Everything the build reads. */
export interface Sources {
  /** `site.yml`. */
  config: VFile
  /** `issues/<folder>/<lang>.md`, with `file.data.source` set, in folder order. */
  issues: VFile[]
  /** Message catalogues of the theme. */
  catalogues: Record<Lang, VFile>
  stylesheet: VFile
  /** The theme's script (search and highlighting). */
  script: VFile
  /** The site's icon. */
  icon: VFile
  /** Files that are not read but deserve a word (ignored, unreadable…). */
  others: VFile[]
}

/** Folders the load stage reads from. */
export interface LoadOptions {
  /** Content folder, absolute. */
  content: string
  /** Layouts folder, absolute. */
  layouts: string
  /** Folder that message paths are relative to. */
  cwd: string
  /** The store whose memory of texts and listings this load uses and updates (see `load-memory.ts`). */
  store?: Store
  /**
   * What the dev server's watcher saw change since the previous load with
   * the same store: the folders of the others are taken from memory
   * without a look at the disk. Undefined: look at everything.
   */
  changed?: ReadonlySet<string>
}

/** The files of the sources that are not issue files: the configuration and the theme. */
export type ThemeFiles = Omit<Sources, 'issues' | 'others'>

/** The configuration and theme's files, in the order builds report them. */
export function themeFiles(theme: ThemeFiles): VFile[] {
  return [
    theme.config,
    ...supportedLanguages.map((lang) => theme.catalogues[lang]),
    theme.stylesheet,
    theme.script,
    theme.icon
  ]
}

/** Read the configuration and the theme, which every build reads again. */
export async function loadTheme(
  options: Pick<LoadOptions, 'content' | 'layouts' | 'cwd'>
): Promise<ThemeFiles> {
  const display = displayer(options.cwd)
  const config = await readText(join(options.content, 'site.yml'), display)
  if (config.messages.some((message) => message.ruleId === 'missing-file')) {
    config.messages.length = 0
    fail(
      config,
      `No site configuration: expected \`site.yml\` in the content folder ${display(options.content) || '.'}, with \`title\`, \`languages\` and \`directorates\``,
      undefined,
      'missing-file'
    )
  }
  const catalogues = {} as Record<Lang, VFile>
  for (const lang of supportedLanguages)
    catalogues[lang] = await readText(join(options.layouts, 'messages', `${lang}.yml`), display)
  const stylesheet = await readText(join(options.layouts, 'style.css'), display)
  const script = await readText(join(options.layouts, 'search.js'), display)
  const icon = await readText(join(options.layouts, 'favicon.svg'), display)
  return {config, catalogues, stylesheet, script, icon}
}

/** Read the content folder and the theme. */
export async function loadSources(options: LoadOptions): Promise<Sources> {
  const display = displayer(options.cwd)
  const others: VFile[] = []
  const {config, catalogues, stylesheet, script, icon} = await loadTheme(options)

  const issues: VFile[] = []
  const memory = loadMemory(options.store)
  const issuesDir = join(options.content, 'issues')
  const root = await realpath(options.content).catch(() => options.content)
  const watched = options.changed !== undefined && options.store !== undefined
  const changed = [...(options.changed ?? [])]
  const touched = (path: string): boolean =>
    changed.some(
      (item) => item === path || item.startsWith(path + sep) || path.startsWith(item + sep)
    )
  const topNotes: VFile[] = []
  const top = watched ? memory.listing(issuesDir) : undefined
  const listed =
    top &&
    !changed.some(
      (item) =>
        item === issuesDir || issuesDir.startsWith(item + sep) || dirname(item) === issuesDir
    )
      ? top
      : await listFolder(issuesDir, display, topNotes)
  others.push(...topNotes)
  memory.keep(issuesDir, topNotes.length === 0 ? listed : undefined)
  // Folders are read several at a time (the disk waits overlap), and kept in name order.
  const folders = await inBatches(listed, async (entry) => {
    const path = join(issuesDir, entry)
    const found: VFile[] = []
    const notes: VFile[] = []
    const names = watched && !touched(path) ? memory.listing(path) : undefined
    const kind = names ? 'folder' : await kindOf(path, root)
    if (kind === 'outside') {
      notes.push(
        problem(
          display(path),
          'Symbolic link to a place outside the content folder: it is not read',
          'outside-content'
        )
      )
    } else if (kind === 'folder') {
      const where = {
        path,
        folder: entry,
        root,
        display,
        read: memory.read,
        ...(names ? {names} : {})
      }
      const loaded = await loadIssueFolder(where, notes)
      found.push(...loaded.files)
      memory.keep(path, notes.length === 0 ? loaded.names : undefined)
    } else if (kind === 'file' && !entry.startsWith('.')) {
      notes.push(
        problem(
          display(path),
          'Ignored: issue files belong in a folder of their own, such as `issues/2020-04-02/fr.md`',
          'stray-file',
          false
        )
      )
    }
    return {found, notes}
  })
  for (const {found, notes} of folders) {
    issues.push(...found)
    others.push(...notes)
  }
  memory.prune()
  return {config, issues, catalogues, stylesheet, script, icon, others}
}
