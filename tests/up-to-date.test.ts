import {stat, readFile, rm, utimes, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../src/engine/build.ts'
import {report} from '../src/model/report.ts'
import {inputStamp} from '../src/engine/up-to-date.ts'
import {fixtureCopy, listTree, readTree} from './helpers/site.ts'

let scratch: {path: string; content: string; remove: () => Promise<void>}
beforeAll(async () => {
  scratch = await fixtureCopy('valid-site')
  // A warning, to see it reported again by a build that has nothing to do.
  await writeFile(join(scratch.content, 'issues', 'notes.txt'), 'stray')
  // Files just written are never trusted as unchanged: date them an hour back.
  await age(scratch.content, 3600)
})
afterAll(() => scratch.remove())

const hour = 3600 * 1000
async function age(folder: string, seconds: number): Promise<void> {
  const when = new Date(Date.now() - seconds * 1000)
  await utimes(folder, when, when)
  for (const path of await listTree(folder)) await utimes(join(folder, path), when, when)
}

const run = (options: {search?: boolean; cache?: boolean} = {}) =>
  build({
    content: 'content',
    out: 'dist',
    cwd: scratch.path,
    search: options.search ?? true,
    ...(options.cache === false ? {} : {cache: '.cache/bulletin'})
  })
const inodes = async (paths: readonly string[]): Promise<number[]> =>
  Promise.all(paths.map(async (path) => (await stat(join(scratch.path, 'dist', path))).ino))

describe('a build with nothing to do', () => {
  it('leaves the output folder as it was and reports the same problems', async () => {
    const first = await run()
    expect(first.ok).toBe(true)
    expect(first.upToDate).toBeUndefined()
    const before = await listTree(join(scratch.path, 'dist'))
    const identities = await inodes(before)

    const second = await run()
    expect(second.upToDate).toBe(true)
    expect(second.pages).toBe(first.pages)
    expect(report(second.files)).toBe(report(first.files))
    expect(report(second.files)).toContain('warning')
    expect(await inodes(before)).toEqual(identities)
  })

  it('builds again when an input, an option or the output folder changed', async () => {
    const file = join(scratch.content, 'issues', '2020-04-02', 'fr.md')
    const text = await readFile(file, 'utf8')
    await writeFile(file, `${text}\nUne phrase.\n`)
    const when = new Date(Date.now() - hour / 2)
    await utimes(file, when, when)
    expect((await run()).upToDate).toBeUndefined()
    expect((await run()).upToDate).toBe(true)

    expect((await run({search: false})).upToDate).toBeUndefined()
    expect((await run({search: false})).upToDate).toBe(true)

    await rm(join(scratch.path, 'dist', 'fr', 'index.html'))
    expect((await run({search: false})).upToDate).toBeUndefined()
    expect(await listTree(join(scratch.path, 'dist'))).toContain('fr/index.html')

    await writeFile(join(scratch.path, 'dist', 'en', 'index.html'), 'edited by hand')
    expect((await run({search: false})).upToDate).toBeUndefined()
    expect(
      (await readFile(join(scratch.path, 'dist', 'en', 'index.html'), 'utf8')).startsWith(
        '<!doctype html>'
      )
    ).toBe(true)
  })

  it('rewrites only the files whose bytes changed, and gives the bytes of a build from scratch', async () => {
    await run()
    const unchanged = [
      'fr/numeros/2/index.html',
      'en/issues/2/index.html',
      'fr/recherche/index.html'
    ]
    const changed = ['fr/numeros/1/index.html']
    const before = await inodes([...unchanged, ...changed])

    const file = join(scratch.content, 'issues', '2020-04-02', 'fr.md')
    await writeFile(file, `${await readFile(file, 'utf8')}\nEncore une phrase.\n`)
    const when = new Date(Date.now() - hour / 4)
    await utimes(file, when, when)
    expect((await run()).upToDate).toBeUndefined()
    const after = await inodes([...unchanged, ...changed])
    expect(after.slice(0, unchanged.length)).toEqual(before.slice(0, unchanged.length))
    expect(after.at(-1)).not.toBe(before.at(-1))

    const incremental = await readTree(join(scratch.path, 'dist'))
    await rm(join(scratch.path, 'dist'), {recursive: true})
    expect((await run({cache: false})).ok).toBe(true)
    expect(incremental).toEqual(await readTree(join(scratch.path, 'dist')))
  })
})

describe('inputStamp', () => {
  it('changes with a file, and trusts no file changed in the last two seconds', async () => {
    const stamp = inputStamp([scratch.content], 'options')
    expect(stamp).toMatch(/^[0-9a-f]{64}$/)
    expect(inputStamp([scratch.content], 'options')).toBe(stamp)
    expect(inputStamp([scratch.content], 'other options')).not.toBe(stamp)

    const file = join(scratch.content, 'issues', '2020-04-10', 'fr.md')
    await writeFile(file, `${await readFile(file, 'utf8')}\n`)
    expect(inputStamp([scratch.content], 'options')).toBeUndefined()
    const when = new Date(Date.now() - hour / 8)
    await utimes(file, when, when)
    const changed = inputStamp([scratch.content], 'options')
    expect(changed).toMatch(/^[0-9a-f]{64}$/)
    expect(changed).not.toBe(stamp)
  })
})
