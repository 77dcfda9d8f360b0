/**
 * Load stage: read the content folder and the theme from disk into VFiles.
 * Text must be UTF-8; a byte-order mark and CRLF line endings are accepted
 * and normalized. Nothing outside the content and layouts folders is read.
 */
import {realpathSync} from 'node:fs'
import {lstat, open, readdir, realpath, stat} from 'node:fs/promises'
import {basename, dirname, join, relative, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import {VFile} from 'vfile'
import {inBatches} from '../engine/batches.ts'
import {racyMilliseconds} from '../engine/up-to-date.ts'
import {compare} from './archive.ts'
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
  /** The issue files' texts of the previous build of the same process (the dev server's), updated to this one's. */
  texts?: TextCache
  /** The listings of the previous build of the same process, updated to this one's. */
  listings?: Listings
  /**
   * What the dev server's watcher saw change since the previous load with
   * the same `texts` and `listings`: the folders of the others are taken
   * from memory without a look at the disk. Undefined: look at everything.
   */
  changed?: ReadonlySet<string>
}

/**
 * What the issues folder and each issue folder listed, for the next load of
 * the same process when the watcher saw no change in them. Only folders
 * that were read without a problem are kept.
 */
export interface Listings {
  top?: string[]
  folders: Map<string, string[]>
}

/**
 * Issue files' texts read by an earlier build of the same process, by
 * absolute path, with the identity (size, times, inode) of the file they
 * were read from: a file whose identity is the same is not read again.
 */
export type TextCache = Map<string, {identity: string; text: string}>

/** Read an issue file; `unchanged` when the watcher saw no change to it, so that a text in memory is taken without a look at the disk. */
type Reader = (
  path: string,
  display: (path: string) => string,
  unchanged?: boolean
) => Promise<VFile>

/**
 * Read issue files through `texts`: one whose identity did not change is
 * taken from it, others are read and kept when they read without a problem.
 * `prune` forgets the files this build did not read.
 */
function textReader(texts: TextCache | undefined): {
  read: Reader
  prune: () => void
} {
  const seen = new Set<string>()
  const read: Reader = async (path, display, unchanged) => {
    if (!texts) return readText(path, display)
    seen.add(path)
    const remembered = unchanged ? texts.get(path) : undefined
    if (remembered) return new VFile({path: display(path), value: remembered.text})
    const stats = await stat(path).catch(() => undefined)
    const identity = stats && `${stats.size} ${stats.mtimeMs} ${stats.ctimeMs} ${stats.ino}`
    const known = texts.get(path)
    if (
      known &&
      stats &&
      identity === known.identity &&
      stats.mtimeMs < Date.now() - racyMilliseconds
    ) {
      return new VFile({path: display(path), value: known.text})
    }
    const file = await readText(path, display)
    if (identity && file.messages.length === 0)
      texts.set(path, {identity, text: String(file.value)})
    else texts.delete(path)
    return file
  }
  const prune = (): void => {
    for (const path of texts?.keys() ?? []) if (!seen.has(path)) texts?.delete(path)
  }
  return {read, prune}
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
  const reader = textReader(options.texts)
  const issuesDir = join(options.content, 'issues')
  const root = await realpath(options.content).catch(() => options.content)
  const watched = options.changed && options.listings ? options.listings : undefined
  const changed = [...(options.changed ?? [])]
  const touched = (path: string): boolean =>
    changed.some(
      (item) => item === path || item.startsWith(path + sep) || path.startsWith(item + sep)
    )
  const topNotes: VFile[] = []
  const listed =
    watched?.top &&
    !changed.some(
      (item) =>
        item === issuesDir || issuesDir.startsWith(item + sep) || dirname(item) === issuesDir
    )
      ? watched.top
      : await listFolder(issuesDir, display, topNotes)
  others.push(...topNotes)
  if (options.listings) {
    if (topNotes.length === 0) options.listings.top = listed
    else delete options.listings.top
  }
  // Folders are read several at a time (the disk waits overlap), and kept in name order.
  const folders = await inBatches(listed, async (entry) => {
    const path = join(issuesDir, entry)
    const found: VFile[] = []
    const notes: VFile[] = []
    const names = watched && !touched(path) ? watched.folders.get(path) : undefined
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
        read: reader.read,
        ...(names ? {names} : {})
      }
      const loaded = await loadIssueFolder(where, notes)
      found.push(...loaded.files)
      if (notes.length === 0) options.listings?.folders.set(path, loaded.names)
      else options.listings?.folders.delete(path)
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
  reader.prune()
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
    names?: string[]
  },
  others: VFile[]
): Promise<{files: VFile[]; names: string[]}> {
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

/** Errors of a path that the writer can mend: not the disk's or Bulletin's. */
const contentErrors = ['EACCES', 'EPERM', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG']

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

/**
 * The largest text file read. Parsing Markdown costs some 4 s a megabyte:
 * a file of 10 MB, pasted by mistake, would stall every build.
 */
export const maxTextBytes = 2 ** 20

/**
 * Read a text file as UTF-8. A missing file or one that is not UTF-8 text
 * gives a VFile with an error at the place of the first bad byte.
 */
export async function readText(path: string, display: (path: string) => string): Promise<VFile> {
  const file = new VFile({path: display(path), value: ''})
  let bytes: Buffer
  try {
    const handle = await open(path)
    try {
      const {size} = await handle.stat()
      if (size > maxTextBytes) {
        const megabytes = (size / 2 ** 20).toFixed(1)
        fail(
          file,
          `The file weighs ${megabytes} MB: text files are read up to ${maxTextBytes / 2 ** 20} MB (an issue weighs some 20 KB); put large documents beside it as attachments`,
          undefined,
          'file-too-large'
        )
        return file
      }
      bytes = await handle.readFile()
    } finally {
      await handle.close()
    }
  } catch (error) {
    if (isCode(error, 'ENOENT')) fail(file, 'File not found', undefined, 'missing-file')
    else if (isCode(error, 'EISDIR'))
      fail(file, 'Expected a file, found a folder', undefined, 'unreadable-file')
    else if (contentErrors.some((code) => isCode(error, code)))
      fail(
        file,
        `Cannot read this file (${(error as NodeJS.ErrnoException).code}): check its permissions`,
        undefined,
        'unreadable-file'
      )
    else throw new Error(`Cannot read ${path}`, {cause: error})
    return file
  }
  const text = bytes.toString('utf8')
  const bad = firstInvalidByte(bytes, text)
  if (bad !== undefined) {
    fail(
      file,
      `Not UTF-8 text (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')}): save the file as UTF-8`,
      pointAt(bytes.subarray(0, bad).toString('utf8')),
      'not-utf8'
    )
    return file
  }
  const nul = text.indexOf('\0')
  if (nul !== -1) {
    fail(
      file,
      'The file holds NUL characters: expected text, not a binary file',
      pointAt(text.slice(0, nul)),
      'not-utf8'
    )
    return file
  }
  // A byte-order mark and Windows line endings change nothing for the reader.
  file.value = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  return file
}

/** Offset of the first byte that is not valid UTF-8, if any. */
function firstInvalidByte(bytes: Buffer, text: string): number | undefined {
  // Only a replacement character can hide a bad byte: most files have none.
  if (!text.includes('\uFFFD')) return undefined
  let offset = 0
  for (const character of text) {
    const size = Buffer.byteLength(character)
    if (
      character === '\uFFFD' &&
      !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)
    )
      return offset
    offset += size
  }
  return undefined
}

function pointAt(before: string): {line: number; column: number} {
  const lines = before.split('\n')
  return {line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1}
}

function problem(path: string, reason: string, ruleId: string, fatal = true): VFile {
  const file = new VFile({path})
  if (fatal) fail(file, reason, undefined, ruleId)
  else warn(file, reason, undefined, ruleId)
  return file
}

function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code
}
