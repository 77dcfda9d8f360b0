/**
 * Load stage: read the content folder and the theme from disk into VFiles.
 * Text must be UTF-8; a byte-order mark and CRLF line endings are accepted
 * and normalized. Nothing outside the content and layouts folders is read.
 */
import {realpathSync} from 'node:fs'
import {lstat, readdir, realpath} from 'node:fs/promises'
import {basename, dirname, join, relative, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import {VFile} from 'vfile'
import {inBatches} from '../engine/batches.ts'
import type {Store} from '../engine/store.ts'
import {compare} from './archive.ts'
import {loadMemory, type Reader} from './load-memory.ts'
import {contentErrors, isCode, readText} from './read-text.ts'
import {fail, warn} from '../model/message.ts'
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

/** Read the content folder and the theme. */
export async function loadSources(options: LoadOptions): Promise<Sources> {
  const display = (path: string): string => relative(options.cwd, path).split(sep).join('/')
  const others: VFile[] = []
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

async function loadIssueFolder(
  where: {
    path: string
    folder: string
    root: string
    display: (path: string) => string
    read: Reader
    /** Its listing, when the watcher saw no change in the folder. */
    names?: readonly string[]
  },
  others: VFile[]
): Promise<{files: VFile[]; names: readonly string[]}> {
  const {path, folder, root, display} = where
  const files = where.names ?? (await listFiles(path, '', root, display, others))
  const assets = new Map(
    files
      .filter((name) => !name.endsWith('.md'))
      .map((name) => [name.normalize('NFC'), join(path, name)] as const)
  )
  const issueFiles: VFile[] = []
  for (const name of files) {
    if (!name.endsWith('.md')) continue
    const lang = supportedLanguages.find((code) => name === `${code}.md`)
    if (lang === undefined) {
      others.push(
        problem(
          display(join(path, name)),
          `Ignored: issue files are named ${supportedLanguages.map((code) => `\`${code}.md\``).join(' or ')}`,
          'stray-file',
          false
        )
      )
      continue
    }
    const file = await where.read(join(path, name), display, where.names !== undefined)
    file.data.source = {folder: folder.normalize('NFC'), lang, assets}
    issueFiles.push(file)
  }
  if (issueFiles.length === 0) {
    others.push(
      problem(
        display(path),
        `Ignored: the folder holds no issue file (${supportedLanguages.map((code) => `${code}.md`).join(', ')})`,
        'empty-issue-folder',
        false
      )
    )
  }
  return {files: issueFiles, names: files}
}

/** Files of an issue folder, recursively, as `/`-separated relative paths in code-point order. */
async function listFiles(
  path: string,
  prefix: string,
  root: string,
  display: (path: string) => string,
  others: VFile[],
  above: ReadonlySet<string> = new Set()
): Promise<string[]> {
  const result: string[] = []
  // A link to a folder that holds it would be listed forever.
  const real = await realpath(path).catch(() => path)
  if (above.has(real)) {
    others.push(
      problem(display(path), 'Symbolic link to a folder that holds it: it is not read', 'link-loop')
    )
    return result
  }
  const chain = new Set([...above, real])
  for (const entry of await listFolder(path, display, others)) {
    if (entry.startsWith('.')) continue
    const full = join(path, entry)
    const kind = await kindOf(full, root)
    if (kind === 'outside')
      others.push(
        problem(
          display(full),
          'Symbolic link to a place outside the content folder: it is not read',
          'outside-content'
        )
      )
    else if (kind === 'folder')
      result.push(...(await listFiles(full, `${prefix}${entry}/`, root, display, others, chain)))
    else if (kind === 'file') result.push(prefix + entry)
  }
  return result
}

async function listFolder(
  path: string,
  display: (path: string) => string,
  others: VFile[]
): Promise<string[]> {
  try {
    return (await readdir(path)).sort(compare)
  } catch (error) {
    if (isCode(error, 'ENOENT')) return []
    if (!contentErrors.some((code) => isCode(error, code)))
      throw new Error(`Cannot list the folder ${path}`, {cause: error})
    others.push(
      problem(
        display(path),
        `Cannot read this folder (${(error as NodeJS.ErrnoException).code}): check its permissions, or move it out of the content folder`,
        'unreadable-file'
      )
    )
    return []
  }
}

/** What a path is, following a symbolic link only when it stays inside `root`; `gone` if it went as it was listed. */
async function kindOf(path: string, root: string): Promise<'file' | 'folder' | 'outside' | 'gone'> {
  const stats = await lstat(path).catch((error: unknown) => {
    if (isCode(error, 'ENOENT')) return undefined
    throw error
  })
  if (!stats) return 'gone'
  if (stats.isSymbolicLink()) {
    const target = await realpath(path).catch(() => undefined)
    if (target === undefined || !(target === root || target.startsWith(root + sep)))
      return 'outside'
    const targetStats = await lstat(target)
    return targetStats.isDirectory() ? 'folder' : 'file'
  }
  return stats.isDirectory() ? 'folder' : 'file'
}

function problem(path: string, reason: string, ruleId: string, fatal = true): VFile {
  const file = new VFile({path})
  if (fatal) fail(file, reason, undefined, ruleId)
  else warn(file, reason, undefined, ruleId)
  return file
}
