/**
 * Write stage: put the built site in the output folder all at once. The
 * site is written to a sibling staging folder, then swapped in, so a build
 * that fails or is killed leaves the previous site as it was. A file whose
 * bytes the previous build already wrote, and that is still as it left it,
 * is hard-linked from the previous site instead of written again.
 */
import {copyFileSync, lstatSync, readdirSync} from 'node:fs'
import {mkdir, writeFile} from 'node:fs/promises'
import {dirname, join, sep} from 'node:path'
import type {VFile} from 'vfile'
import {createStagingFolder, inside, removeOurs, swapIn} from './output-folder.ts'
import {folderIdentity, outputDigest, type OutputRecord} from './previous-site.ts'
import type {AssetCopy} from '../model/types.ts'
import {runStageJob, type StageJob} from './stage-jobs.ts'
import type {StageWriter} from './stage-writer.ts'

/** A site being written: its staging folder and the digests of what is in it. */
export interface Stage {
  /** The folder the site replaces: the output folder, or the one it links to (see `publishTarget`). */
  out: string
  folder: string
  digests: Map<string, string>
  /** Digests of the files of the previous site still as it left them: those can be linked. */
  linkable: Map<string, string>
  /** Folders made in the stage so far. */
  folders: Set<string>
}

/**
 * Start writing a site that will replace `out`, a folder checked by
 * `checkOutputFolder`. `linkable` (see {@link untouchedOutputs}) are files
 * of the previous site to link.
 */
export async function createStage(
  out: string,
  linkable: Map<string, string> = new Map()
): Promise<Stage> {
  try {
    const folder = await createStagingFolder(out)
    return {out, folder, digests: new Map(), linkable, folders: new Set()}
  } catch (error) {
    throw new Error(`Cannot prepare the output folder ${out}`, {cause: error})
  }
}

/**
 * Put `files` (paths relative to the output folder) in the stage. A file
 * marked `kept` has no value: it is linked (or copied) from the previous site.
 *
 * Synchronous calls, a slice at a time: a link or a small write to a cached
 * folder takes microseconds, far less than its round trip through the
 * thread pool (26,000 files: 0.5 s against 7 s), and the event loop still
 * turns between slices for the search indexer's messages.
 */
export async function stageFiles(stage: Stage, files: readonly VFile[]): Promise<void> {
  makeFolders(
    stage,
    files.map((file) => file.path)
  )
  await inSlices(files, (file) => stageFile(stage, file))
}

/** Below this many files, a writer thread costs more to start than it saves. */
export const writerMinimum = 256

/** A layout's sink that puts each file in a stage, and says when they are all there. */
export interface StageSink {
  expect(paths: readonly string[]): void
  put(file: VFile): void
  /** While the files put wait in memory for a slow disk, resolves once the layout may go on. */
  room(): Promise<void> | undefined
  /** Resolves once every file put before is in the stage; rejects with the first that could not be. */
  written(): Promise<void>
  /** Wait for every file, then end the writer thread if any; rejects with the first that failed. */
  close(): Promise<void>
}

/**
 * A layout's sink that puts each file in the stage as it comes (see
 * `layoutSite`). For a site of {@link writerMinimum} files or more, on a
 * writer thread (`startWriter`), so that this one lays out the next page
 * meanwhile; the caller waits for `written` or `close` before the stage
 * is read or committed. Else each file at once, here.
 */
export function stageSink(stage: Stage, startWriter?: () => StageWriter): StageSink {
  let writer: StageWriter | undefined
  return {
    expect: (paths) => {
      if (startWriter && paths.length >= writerMinimum) writer ??= startWriter()
      if (writer) writer.post(foldersJob(stage, paths))
      else makeFolders(stage, paths)
    },
    put: (file) => {
      if (writer) writer.post(fileJob(stage, file))
      else stageFile(stage, file)
    },
    room: () => writer?.room(),
    written: async () => writer?.written(),
    close: async () => writer?.close()
  }
}

/** Put one file in the stage, at once: see {@link stageFiles}. */
export function stageFile(stage: Stage, file: VFile): void {
  runStageJob(fileJob(stage, file), stage.folders)
}

/**
 * What puts `file` in the stage, its digest noted: a link to the previous
 * site's file when that one has the same bytes (or is kept), else its bytes.
 */
function fileJob(stage: Stage, file: VFile): StageJob {
  const target = inside(stage.folder, file.path)
  if (file.data.page?.kept) {
    const digest = stage.linkable.get(file.path)
    if (digest === undefined)
      throw new Error(
        `${file.path} was to be kept from the previous site, which no longer holds it`
      )
    stage.digests.set(file.path, digest)
    return {target, keep: join(stage.out, file.path)}
  }
  const bytes =
    typeof file.value === 'string' ? Buffer.from(file.value) : (file.value ?? new Uint8Array())
  const digest = outputDigest(bytes)
  stage.digests.set(file.path, digest)
  return stage.linkable.get(file.path) === digest
    ? {target, bytes, link: join(stage.out, file.path)}
    : {target, bytes}
}

/** Copy issue files (images, attachments) into the stage. */
export async function stageCopies(stage: Stage, copies: readonly AssetCopy[]): Promise<void> {
  makeFolders(
    stage,
    copies.map((copy) => copy.to)
  )
  await inSlices(copies, (copy) => copyFileSync(copy.from, inside(stage.folder, copy.to)))
}

/** Files done synchronously between two turns of the event loop. */
const slice = 500

async function inSlices<T>(items: readonly T[], task: (item: T) => void): Promise<void> {
  for (let start = 0; start < items.length; start += slice) {
    if (start > 0) await new Promise((resume) => setImmediate(resume))
    for (const item of items.slice(start, start + slice)) task(item)
  }
}

/** What a committed stage holds: its files, and each folder's identity (see {@link outputIntact}). */
export interface Committed {
  outputs: OutputRecord
  folders: Map<string, string>
}

/** Swap the stage in for the output folder; returns what it now holds. */
export async function commitStage(stage: Stage): Promise<Committed> {
  const old = swapIn(stage.folder, stage.out)
  if (old !== undefined) await removeOurs(old)
  const outputs: OutputRecord = new Map()
  const {files, folders} = listTree(stage.out)
  for (const path of files) {
    const stats = lstatSync(join(stage.out, path))
    outputs.set(path, {
      digest: stage.digests.get(path) ?? '',
      size: stats.size,
      mtimeMs: stats.mtimeMs,
      ctimeMs: stats.ctimeMs,
      ino: stats.ino
    })
  }
  return {outputs, folders: new Map(folders.map((path) => [path, folderIdentity(stage.out, path)]))}
}

/** Give up on a stage: the output folder stays as it was. */
export async function discardStage(stage: Stage): Promise<void> {
  await removeOurs(stage.folder)
}

/**
 * Create a new issue folder with one file in it. Never overwrites: an
 * existing folder or file is an error.
 */
export async function createIssueFile(folder: string, name: string, text: string): Promise<string> {
  const path = join(folder, name)
  try {
    await mkdir(dirname(folder), {recursive: true})
    await mkdir(folder)
    await writeFile(path, text, {flag: 'wx'})
  } catch (error) {
    throw new Error(`Cannot create ${path}`, {cause: error})
  }
  return path
}

/** Every file and folder under `root` (itself as ''), by `/`-separated path relative to it. */
function listTree(root: string): {files: string[]; folders: string[]} {
  const entries = readdirSync(root, {recursive: true, withFileTypes: true})
  const files: string[] = []
  const folders = ['']
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name)
      .slice(root.length + 1)
      .split(sep)
      .join('/')
    if (entry.isFile()) files.push(path)
    else if (entry.isDirectory()) folders.push(path)
  }
  return {files, folders}
}

/** Create the folders of `paths` in the stage, each once, parents first. */
function makeFolders(stage: Stage, paths: readonly string[]): void {
  runStageJob(foldersJob(stage, paths), stage.folders)
}

function foldersJob(stage: Stage, paths: readonly string[]): StageJob {
  const folders = new Set(paths.map((path) => dirname(inside(stage.folder, path))))
  return {folders: [...folders].sort()}
}
