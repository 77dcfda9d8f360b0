/**
 * One version of Bulletin's code keys every cached value: it changes with
 * any file of src/ or layouts/ (nested or new ones included), with the lock
 * file, and the cache made by one version is not read by another. The
 * issue's case: a change of the URL scheme in src/model/routes.ts.
 */
import {cp, mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {openCache} from '../src/engine/cache.ts'
import {codeVersion, type CodeRoots} from '../src/engine/code-version.ts'
import type {CachedRender, RenderCache} from '../src/engine/render-cache.ts'
import {temporaryFolder} from './helpers/site.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
let scratch: {path: string; remove: () => Promise<void>}
let roots: CodeRoots

beforeAll(async () => {
  scratch = await temporaryFolder()
  await cp(join(root, 'src'), join(scratch.path, 'src'), {recursive: true})
  await cp(join(root, 'layouts'), join(scratch.path, 'layouts'), {recursive: true})
  await cp(join(root, 'package-lock.json'), join(scratch.path, 'package-lock.json'))
  roots = {
    folders: [join(scratch.path, 'src'), join(scratch.path, 'layouts')],
    files: [join(scratch.path, 'package-lock.json')]
  }
})
afterAll(() => scratch.remove())

describe('the code version', () => {
  it('is the same for the same code, and changes with any of its files', async () => {
    const first = codeVersion(roots)
    expect(codeVersion(roots)).toBe(first)
    const seen = new Set([first])
    const edit = async (path: string, change: (text: string) => string): Promise<void> => {
      const file = join(scratch.path, path)
      const before = await readFile(file, 'utf8').catch(() => '')
      const after = change(before)
      expect(after, path).not.toBe(before)
      await writeFile(file, after)
      const version = codeVersion(roots)
      expect(seen.has(version), path).toBe(false)
      seen.add(version)
    }
    await edit('src/model/routes.ts', (text) =>
      text.replace("issues: 'numeros'", "issues: 'numero'")
    )
    await edit('layouts/home.ts', (text) => `${text}\n`)
    await edit('layouts/messages/fr.yml', (text) => `${text}\n`)
    await mkdir(join(scratch.path, 'src', 'stages'), {recursive: true})
    await edit('src/stages/new.ts', () => 'export const a = 1\n')
    await edit('package-lock.json', (text) =>
      text.replace('"lockfileVersion"', '"lockfileVersion" ')
    )
  })

  it('keys the cache: what one version wrote, another does not read', async () => {
    const folder = join(scratch.path, 'cache')
    const entry: CachedRender = {
      key: 'k',
      targets: new Map(),
      rendered: {sections: new Map()},
      messages: [],
      usedAssets: new Set()
    }
    const renders: RenderCache = new Map([['content/issues/a/fr.md', entry]])
    await (await openCache(folder, {code: 'one'})).writeRenders(renders)
    expect((await (await openCache(folder, {code: 'one'})).readRenders()).size).toBe(1)
    expect((await (await openCache(folder, {code: 'two'})).readRenders()).size).toBe(0)
  })
})
