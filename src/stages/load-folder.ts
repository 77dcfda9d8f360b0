/**
 * One issue folder of the load stage: its issue files read into VFiles,
 * its other files listed as the assets its Markdown may use; and, for a
 * save in `bulletin dev` that touched only issue files, those folders read
 * again alone (see `engine/build-changed.ts`).
 */
import {lstat, readdir, realpath} from 'node:fs/promises'
import {join, relative, sep} from 'node:path'
import {VFile} from 'vfile'
import type {Store} from '../engine/store.ts'
import {compare} from './archive.ts'
import {loadMemory, type Reader} from './load-memory.ts'
import {contentErrors, isCode} from './read-text.ts'
import {fail, warn} from '../model/message.ts'
import {supportedLanguages} from '../model/types.ts'

/** How the load stage names a file in messages: its path from `cwd`, with `/`. */
export function displayer(cwd: string): (path: string) => string {
  return (path) => relative(cwd, path).split(sep).join('/')
}

/** What {@link reloadFolders} reads. */
export interface Reload {
  /** Content folder, absolute. */
  content: string
  /** Folder that message paths are relative to. */
  cwd: string
  /** The store whose load memory the last load left (see `load-memory.ts`). */
  store: Store
  /** The folders' names under `issues/`, as on disk. */
  folders: readonly string[]
}

/**
 * The issue files of some issue folders, read again as a load would read
 * them, the others left alone; undefined unless each folder lists the same
 * files as at the last load, which listed it without a problem: a file
 * that came or went is a change of the archive's shape, for a full load.
 */
export async function reloadFolders(reload: Reload): Promise<VFile[] | undefined> {
  const display = displayer(reload.cwd)
  const memory = loadMemory(reload.store)
  const root = await realpath(reload.content).catch(() => reload.content)
  const files: VFile[] = []
  for (const folder of [...reload.folders].sort(compare)) {
    const path = join(reload.content, 'issues', folder)
    const before = memory.listing(path)
    if (!before || (await kindOf(path, root)) !== 'folder') return undefined
    const notes: VFile[] = []
    const loaded = await loadIssueFolder({path, folder, root, display, read: memory.read}, notes)
    const same =
      loaded.names.length === before.length &&
      loaded.names.every((name, index) => name === before[index])
    if (notes.length > 0 || !same) return undefined
    files.push(...loaded.files)
  }
  return files
}

/** An issue folder's issue files, read as `where.read` reads them, and its listing; problems go to `others`. */
export async function loadIssueFolder(
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

/** A folder's entries in code-point order; none when it is missing, and a problem when it cannot be read. */
export async function listFolder(
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
export async function kindOf(
  path: string,
  root: string
): Promise<'file' | 'folder' | 'outside' | 'gone'> {
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

/** A file that stands for a problem with `path`: an error, or a warning when not `fatal`. */
export function problem(path: string, reason: string, ruleId: string, fatal = true): VFile {
  const file = new VFile({path})
  if (fatal) fail(file, reason, undefined, ruleId)
  else warn(file, reason, undefined, ruleId)
  return file
}
