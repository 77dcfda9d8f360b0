/**
 * Write stage: put the built site in the output folder all at once. The
 * site is written to a sibling staging folder, then swapped in, so a build
 * that fails or is killed leaves the previous site as it was.
 */
import {copyFile, mkdir, mkdtemp, readdir, rename, rm, stat, writeFile} from 'node:fs/promises'
import {basename, dirname, join, resolve, sep} from 'node:path'
import type {VFile} from 'vfile'
import type {AssetCopy} from './types.ts'

/** Replace the output folder with `files` (paths relative to it) and `copies`. */
export async function writeSite(out: string, files: readonly VFile[], copies: readonly AssetCopy[]): Promise<void> {
  const parent = dirname(out)
  await mkdir(parent, {recursive: true})
  await removeLeftovers(out)
  const staging = await mkdtemp(join(parent, `${basename(out)}.tmp-`))
  try {
    for (const file of files) {
      const target = inside(staging, file.path)
      await mkdir(dirname(target), {recursive: true})
      await writeFile(target, typeof file.value === 'string' ? file.value : (file.value ?? ''))
    }
    for (const copy of copies) {
      const target = inside(staging, copy.to)
      await mkdir(dirname(target), {recursive: true})
      await copyFile(copy.from, target)
    }
    await swap(staging, out)
  } catch (error) {
    await rm(staging, {recursive: true, force: true})
    throw new Error(`Cannot write the site to ${out}`, {cause: error})
  }
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

/** The path of `relativePath` in `root`; never outside it. */
function inside(root: string, relativePath: string): string {
  const target = resolve(root, relativePath)
  if (!target.startsWith(root + sep)) throw new Error(`Refusing to write outside the output folder: ${relativePath}`)
  return target
}

async function swap(staging: string, out: string): Promise<void> {
  const exists = await stat(out).then(
    (stats) => stats.isDirectory(),
    () => false
  )
  if (!exists) {
    await rename(staging, out)
    return
  }
  const old = `${staging.replace(/\.tmp-([^.]*)$/, '.old-$1')}`
  await rename(out, old)
  await rename(staging, out)
  await rm(old, {recursive: true, force: true})
}

/** Staging folders of builds that were killed before they could clean up. */
async function removeLeftovers(out: string): Promise<void> {
  const name = basename(out)
  const entries = await readdir(dirname(out)).catch(() => [])
  for (const entry of entries) {
    if (entry.startsWith(`${name}.tmp-`) || entry.startsWith(`${name}.old-`)) {
      await rm(join(dirname(out), entry), {recursive: true, force: true})
    }
  }
}
