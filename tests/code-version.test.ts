/**
 * One version of Bulletin's code keys every cached value: it changes with
 * any file of src/ or layouts/ (nested or new ones included), with the
 * version of any package it runs on as installed, however deep, and the
 * cache made by one version is not read by another. The
 * issue's case: a change of the URL scheme in src/model/routes.ts.
 */
import {cp, mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {openCache} from '../src/engine/cache.ts'
import {codeVersion, type CodeRoots} from '../src/engine/code-version.ts'
import {serialize} from 'node:v8'
import type {StepRecord} from '../src/engine/store.ts'
import {temporaryFolder} from './helpers/site.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
let scratch: {path: string; remove: () => Promise<void>}
let roots: CodeRoots

beforeAll(async () => {
  scratch = await temporaryFolder()
  await cp(join(root, 'src'), join(scratch.path, 'src'), {recursive: true})
  await cp(join(root, 'layouts'), join(scratch.path, 'layouts'), {recursive: true})
  // A package that runs on `a`, which runs on `b`, installed in the nested way.
  const manifest = (name: string, dependencies: Record<string, string>): string =>
    JSON.stringify({name, version: '1.0.0', dependencies})
  await writeFile(join(scratch.path, 'package.json'), manifest('bulletin', {a: '^1.0.0'}))
  const a = join(scratch.path, 'node_modules', 'a')
  await mkdir(join(a, 'node_modules', 'b'), {recursive: true})
  await writeFile(join(a, 'package.json'), manifest('a', {b: '^1.0.0'}))
  await writeFile(join(a, 'node_modules', 'b', 'package.json'), manifest('b', {}))
  roots = {
    folders: [join(scratch.path, 'src'), join(scratch.path, 'layouts')],
    package: scratch.path
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
    const bump = (text: string): string => text.replace('"1.0.0"', '"1.0.1"')
    await edit('node_modules/a/node_modules/b/package.json', bump)
    await edit('node_modules/a/package.json', bump)
    await edit('package.json', bump)
    // A package's files other than its manifest are its version's: not read.
    await writeFile(join(scratch.path, 'node_modules', 'a', 'index.js'), 'export {}\n')
    expect(seen.has(codeVersion(roots))).toBe(true)
  })

  it('keys the cache: what one version wrote, another does not read', async () => {
    const folder = join(scratch.path, 'cache')
    const record: StepRecord = {
      id: 'rendering "content/issues/a/fr.md"',
      fingerprint: 'f',
      deps: [],
      key: 'k',
      data: [[], [], [], serialize({sections: new Map()})]
    }
    await (await openCache(folder, {code: 'one'})).writeValues([{record, data: () => record.data}])
    expect(await (await openCache(folder, {code: 'one'})).readValues()).toHaveLength(1)
    expect(await (await openCache(folder, {code: 'two'})).readValues()).toHaveLength(0)
  })
})
