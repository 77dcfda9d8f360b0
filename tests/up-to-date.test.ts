import {mkdir, readdir, stat, readFile, rm, utimes, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../src/engine/build.ts'
import {report} from '../src/model/report.ts'
import {snapshotHolds, takeSnapshot} from '../src/engine/up-to-date.ts'
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
  // Folders too: a folder's time is what tells an entry was added to it.
  const entries = await readdir(folder, {recursive: true, withFileTypes: true})
  for (const entry of entries) await utimes(join(entry.parentPath, entry.name), when, when)
  await utimes(folder, when, when)
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

describe('the snapshot of the inputs', () => {
  it('holds until a file changes, is added or removed, and trusts nothing changed in the last two seconds', async () => {
    const snapshot = takeSnapshot([scratch.content], 'options')
    expect(snapshot?.asked).toBe('options')
    expect(snapshot && snapshotHolds(snapshot)).toBe(true)

    const file = join(scratch.content, 'issues', '2020-04-10', 'fr.md')
    await writeFile(file, `${await readFile(file, 'utf8')}\n`)
    expect(takeSnapshot([scratch.content], 'options')).toBeUndefined()
    const when = new Date(Date.now() - hour / 8)
    await utimes(file, when, when)
    expect(snapshot && snapshotHolds(snapshot)).toBe(false)

    // A file added or removed deep down is seen by its folder alone, with nothing listed.
    const again = takeSnapshot([scratch.content], 'options')
    expect(again && snapshotHolds(again)).toBe(true)
    const added = join(scratch.content, 'issues', '2020-04-10', 'note.txt')
    await writeFile(added, 'new')
    await utimes(added, when, when)
    expect(again && snapshotHolds(again)).toBe(false)
    await age(scratch.content, 3600)
    const third = takeSnapshot([scratch.content], 'options')
    expect(third && snapshotHolds(third)).toBe(true)
    await rm(added)
    expect(third && snapshotHolds(third)).toBe(false)
    await age(scratch.content, 3600)
  })
})

describe('the output folder as the last build left it', () => {
  it('is intact until a file is added to, removed from or changed in any of its folders', async () => {
    expect((await run({search: false})).ok).toBe(true)
    expect((await run({search: false})).upToDate).toBe(true)
    const stray = join(scratch.path, 'dist', 'fr', 'numeros', '1', 'stray.html')
    await writeFile(stray, 'added by hand')
    expect((await run({search: false})).upToDate).toBeUndefined()
    expect(await listTree(join(scratch.path, 'dist'))).not.toContain('fr/numeros/1/stray.html')
    expect((await run({search: false})).upToDate).toBe(true)
    await mkdir(join(scratch.path, 'dist', 'en', 'issues', 'extra'))
    expect((await run({search: false})).upToDate).toBeUndefined()
    expect((await run({search: false})).upToDate).toBe(true)
  })
})
