/**
 * Helpers for tests that build sites: temporary folders, and reading a
 * built site back as a map of paths to contents.
 */
import {cp, mkdtemp, readdir, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join, relative, sep} from 'node:path'
import {fileURLToPath} from 'node:url'

/** A fresh temporary folder, removed by the returned function. */
export async function temporaryFolder(): Promise<{path: string; remove: () => Promise<void>}> {
  const path = await mkdtemp(join(tmpdir(), 'bulletin-test-'))
  return {path, remove: () => rm(path, {recursive: true, force: true})}
}

/** Every file under `root`, as `/`-separated relative paths, sorted. */
export async function listTree(root: string): Promise<string[]> {
  const entries = await readdir(root, {recursive: true, withFileTypes: true}).catch(() => [])
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort()
}

/** Every file under `root` with its bytes. */
export async function readTree(root: string): Promise<Map<string, Buffer>> {
  const result = new Map<string, Buffer>()
  for (const path of await listTree(root)) result.set(path, await readFile(join(root, path)))
  return result
}

/** The `content/` folder of a fixture site, to build as it is. */
export function fixtureContent(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}/content`, import.meta.url))
}

/** A temporary folder holding a copy of a fixture site's `content/`, to edit freely. */
export async function fixtureCopy(
  name: string
): Promise<{path: string; content: string; remove: () => Promise<void>}> {
  const folder = await temporaryFolder()
  const content = join(folder.path, 'content')
  await cp(fixtureContent(name), content, {recursive: true})
  return {...folder, content}
}
