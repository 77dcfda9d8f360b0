import {createHash} from 'node:crypto'
import {mkdir, readdir, readFile, rm, stat, utimes, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {Text} from 'hast'
import {visit} from 'unist-util-visit'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../src/engine/build.ts'
import {buildSite, createBuildState} from '../src/engine/build-site.ts'
import {indexSearch} from '../src/search/search-index.ts'
import {createLayoutState} from '../src/stages/layout.ts'
import {cacheSecret, openCache} from '../src/engine/cache.ts'
import {deserialize, serialize} from 'node:v8'
import type {StepRecord} from '../src/engine/store.ts'
import {shardOf, valueShard, valueShards} from '../src/engine/value-shards.ts'
import type {RenderedIssue} from '../src/model/types.ts'
import {report} from '../src/model/report.ts'
import {readTree, fixtureCopy} from './helpers/site.ts'

let scratch: {path: string; content: string; remove: () => Promise<void>}
let content: string
beforeAll(async () => {
  scratch = await fixtureCopy('missing-section')
  content = scratch.content
})
afterAll(() => scratch.remove())

const cache = '.cache/bulletin'
/** The shard files of the store's values in `folder`. */
const valueFiles = async (folder: string): Promise<string[]> =>
  (await readdir(folder))
    .filter((name) => /^values-\d\d\.bin$/.test(name))
    .sort()
    .map((name) => join(folder, name))
const isRendering = (record: StepRecord): boolean => record.id.startsWith('rendering ')
/** The renderings the cache in `folder` holds, as records with their data. */
const renderings = async (folder: string): Promise<StepRecord[]> =>
  (await (await openCache(folder)).readValues()).filter(isRendering)
const isSearchShard = (record: StepRecord): boolean => record.id.startsWith('search-shard ')
/** The search index's shards the cache in `folder` holds, as records with their data. */
const searchShards = async (folder: string): Promise<StepRecord[]> =>
  (await (await openCache(folder)).readValues()).filter(isSearchShard)
/** Change the data of the cache's records that `which` picks, and write them back signed with `env`'s key. */
async function plantValues(
  folder: string,
  which: (record: StepRecord) => boolean,
  change: (record: StepRecord) => void,
  env?: NodeJS.ProcessEnv
): Promise<void> {
  const records = await (await openCache(folder)).readValues()
  for (const record of records) if (which(record)) change(record)
  await (
    await openCache(folder, env ? {env} : {})
  ).writeValues(records.map((record) => ({record, data: () => record.data})))
}
/** Change every rendering's trees in the cache. */
const plantRenderings = (
  folder: string,
  change: (rendered: RenderedIssue) => void,
  env?: NodeJS.ProcessEnv
): Promise<void> =>
  plantValues(
    folder,
    isRendering,
    (record) => {
      const data = record.data as [unknown, unknown, unknown, Uint8Array]
      const rendered = deserialize(data[3]) as RenderedIssue
      change(rendered)
      data[3] = serialize(rendered)
    },
    env
  )
/** Change the files of every search shard in the cache. */
const plantShards = (
  folder: string,
  change: (files: [string, Uint8Array][]) => void
): Promise<void> =>
  plantValues(folder, isSearchShard, (record) => change(record.data as [string, Uint8Array][]))
const run = (out: string, withCache = true) =>
  build({content: 'content', out, cwd: scratch.path, ...(withCache ? {cache} : {})})

describe('the persistent render cache', () => {
  it('gives the same site and the same messages as a build without it, cold and warm', async () => {
    const cold = await run('cold')
    const warm = await run('warm')
    const none = await run('none', false)
    expect([cold.ok, warm.ok, none.ok]).toEqual([true, true, true])
    expect(report(warm.files)).toBe(report(none.files))
    expect(report(cold.files)).toContain('warning')
    const site = await readTree(join(scratch.path, 'none'))
    expect(await readTree(join(scratch.path, 'cold'))).toEqual(site)
    expect(await readTree(join(scratch.path, 'warm'))).toEqual(site)
    expect(await renderings(join(scratch.path, cache))).toHaveLength(2)
  })

  it('is used: a rendering in the cache is what the page shows, until its file changes', async () => {
    const folder = join(scratch.path, cache)
    await plantRenderings(folder, (rendered) => {
      for (const part of rendered.sections.values())
        visit(part.tree, 'text', (node: Text) => void (node.value = 'Planted'))
    })
    expect(
      (await readTree(join(scratch.path, (await run('planted'), 'planted'))))
        .get('fr/numeros/1/index.html')
        ?.toString()
    ).toContain('Planted')

    const file = join(content, 'issues', 'a', 'fr.md')
    await writeFile(file, `${await readFile(file, 'utf8')}\nEncore.\n`)
    expect(
      (await readTree(join(scratch.path, (await run('edited'), 'edited'))))
        .get('fr/numeros/1/index.html')
        ?.toString()
    ).not.toContain('Planted')
  })

  it('is not trusted when corrupt or made by another pipeline: it is rebuilt', async () => {
    await rm(join(scratch.path, cache), {recursive: true})
    await run('before')
    const paths = await valueFiles(join(scratch.path, cache))
    expect(paths.length).toBeGreaterThan(0)
    for (const path of paths) {
      const bytes = await readFile(path)
      bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff
      await writeFile(path, bytes)
    }
    expect(await renderings(join(scratch.path, cache))).toHaveLength(0)
    expect((await run('corrupt')).ok).toBe(true)
    expect(await readTree(join(scratch.path, 'corrupt'))).toEqual(
      await readTree(join(scratch.path, 'before'))
    )
    expect(await renderings(join(scratch.path, cache))).toHaveLength(2)

    for (const path of await valueFiles(join(scratch.path, cache))) {
      const valid = await readFile(path)
      await writeFile(
        path,
        Buffer.concat([Buffer.from('another pipeline'.padEnd(64, '0')), valid.subarray(64)])
      )
    }
    expect(await renderings(join(scratch.path, cache))).toHaveLength(0)
    for (const path of await valueFiles(join(scratch.path, cache)))
      await writeFile(path, 'not a cache')
    expect((await run('garbage')).ok).toBe(true)
    expect(await readTree(join(scratch.path, 'garbage'))).toEqual(
      await readTree(join(scratch.path, 'before'))
    )
  })

  it('writes again only the shards of the records of a file that changed', async () => {
    await rm(join(scratch.path, cache), {recursive: true, force: true})
    await run('sharded')
    const folder = join(scratch.path, cache)
    // A file written again is a new inode, whose number the file system may take back from one
    // freed a moment before: its change time tells them apart.
    const inodes = async (): Promise<Map<string, string>> =>
      new Map(
        await Promise.all(
          (await valueFiles(folder)).map(async (path) => {
            const stats = await stat(path, {bigint: true})
            return [path, `${stats.ino} ${stats.ctimeNs}`] as const
          })
        )
      )
    const before = await inodes()
    const edited = (await renderings(folder))
      .map((record) => record.id)
      .find((id) => id.endsWith(`${join('a', 'fr.md')}"`))
    expect(edited).toBeDefined()
    const file = join(content, 'issues', 'a', 'fr.md')
    await writeFile(file, `${await readFile(file, 'utf8')}\nUne autre phrase.\n`)
    await run('sharded')
    const after = await inodes()
    const rewritten = [...after].filter(([path, ino]) => before.get(path) !== ino)
    // Its rendering, its front matter, and the search shard that indexes its text.
    const ids = [
      edited ?? '',
      (edited ?? '').replace(/^rendering /, 'front-matter '),
      'search-shard 1'
    ]
    expect(rewritten.map(([path]) => path).sort()).toEqual(
      [...new Set(ids.map((id) => join(folder, valueShard(shardOf(id)))))].sort()
    )
  })
})

describe('the record of the last build', () => {
  it('uses step records only from the build that wrote build.bin', async () => {
    await rm(join(scratch.path, cache), {recursive: true, force: true})
    await run('recorded')
    const folder = join(scratch.path, cache)
    const steps = async (): Promise<number> =>
      (await (await (await openCache(folder)).readBuild())?.readSteps())?.length ?? -1
    expect(await steps()).toBeGreaterThan(0)
    const older = await readFile(join(folder, 'steps.bin'))
    const file = join(content, 'issues', 'a', 'fr.md')
    await writeFile(file, `${await readFile(file, 'utf8')}\nUne phrase encore.\n`)
    await run('recorded')
    expect(await steps()).toBeGreaterThan(0)
    // As a build killed between its two writes leaves them.
    await writeFile(join(folder, 'steps.bin'), older)
    expect(await steps()).toBe(0)
    expect((await run('recorded')).ok).toBe(true)
    expect(await readTree(join(scratch.path, 'recorded'))).toEqual(
      await readTree(join(scratch.path, (await run('unrecorded', false), 'unrecorded')))
    )
  })
})

describe('the kept search index', () => {
  it('is used while the indexed text is unchanged, and made again when it changes', async () => {
    await rm(join(scratch.path, cache), {recursive: true, force: true})
    await run('first')
    const folder = join(scratch.path, cache)
    const shards = (await searchShards(folder)).map(
      (record) => record.data as [string, Uint8Array][]
    )
    expect(shards).toHaveLength(1)
    expect(shards[0]?.some(([path]) => path === 'pagefind-entry.json')).toBe(true)
    await plantShards(folder, (files) =>
      files.push(['planted.txt', new TextEncoder().encode('planted')])
    )
    expect(
      (await readTree(join(scratch.path, (await run('second'), 'second')))).has(
        'pagefind/planted.txt'
      )
    ).toBe(true)

    const file = join(content, 'issues', 'a', 'fr.md')
    await writeFile(file, `${await readFile(file, 'utf8')}\nEt encore.\n`)
    const third = await readTree(join(scratch.path, (await run('third'), 'third')))
    expect(third.has('pagefind/planted.txt')).toBe(false)
    expect(third).toEqual(await readTree(join(scratch.path, (await run('fresh', false), 'fresh'))))
  })
})

describe('the search shards in the store', () => {
  it("are taken from the cache by a new process's store, as the dev server's first index does, without Pagefind", async () => {
    await rm(join(scratch.path, cache), {recursive: true, force: true})
    await run('indexed')
    const opened = await openCache(join(scratch.path, cache))
    const options = {content: 'content', cwd: scratch.path, out: 'unused'}
    const state = createBuildState(
      createLayoutState({code: opened.code, records: await opened.readValues()})
    )
    const site = await buildSite(options, state)
    const index = await indexSearch(site.outputs, {place: state.layout.search})
    expect(state.layout.search.environment.current?.indexed.size).toBe(0)
    expect(index.files.map((file) => file.path)).toContain('pagefind/pagefind-entry.json')
    // Another store, which holds nothing: Pagefind indexes the shard.
    const fresh = createBuildState()
    await indexSearch((await buildSite(options, fresh)).outputs, {place: fresh.layout.search})
    expect(fresh.layout.search.environment.current?.indexed.size).toBe(1)
  })
})

describe('the search shards a build does not index', () => {
  it("stay in the cache through a build without search and the dev server's first build", async () => {
    await rm(join(scratch.path, cache), {recursive: true, force: true})
    await run('indexed')
    const folder = join(scratch.path, cache)
    const before = (await searchShards(folder)).map((record) => record.data)
    expect(before).toHaveLength(1)
    await build({content: 'content', out: 'unsearched', cwd: scratch.path, cache, search: false})
    expect((await searchShards(folder)).map((record) => record.data)).toEqual(before)
    // The same through the store alone: a process that asks for no shard hands their records on.
    const opened = await openCache(folder)
    const state = createBuildState(
      createLayoutState({code: opened.code, records: await opened.readValues()})
    )
    await buildSite({content: 'content', cwd: scratch.path, out: 'unused'}, state)
    const handed = state.layout.store
      .persisted()
      .filter(({record}) => record.id.startsWith('search-shard '))
    expect(handed.map(({data}) => data())).toEqual(before)
  })
})

describe('pages kept from the previous site', () => {
  it('are linked, not laid out, while their inputs are the same; the site is the bytes of a fresh build', async () => {
    const site = await fixtureCopy('valid-site')
    try {
      const options = {content: 'content', out: 'dist', cwd: site.path, cache}
      const first = await build(options)
      // Everything but the search index and the issue folders' files, copied as they are.
      const made = [...(await readTree(join(site.path, 'dist'))).keys()].filter(
        (path) => !/^(pagefind|media)\/|^\.bulletin-output$/.test(path)
      )
      expect(first.laidOut).toBe(made.length)
      const inode = async (path: string): Promise<number> =>
        (await stat(join(site.path, 'dist', path))).ino
      const untouched = await inode('fr/numeros/2/index.html')

      const file = join(site.content, 'issues', '2020-04-02', 'fr.md')
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace('Un second article', 'Un deuxième article')
      )
      const second = await build(options)
      expect(second.ok).toBe(true)
      // The issue's French page (the English one lays out the same text), the
      // 2 site feeds and 4 directorate feeds, the issue's 2 JSON files (as in
      // incremental.test.ts), and the 3 theme files, which are always written.
      expect(second.laidOut).toBe(12)
      expect(await inode('fr/numeros/2/index.html')).toBe(untouched)
      await build({content: 'content', out: 'fresh', cwd: site.path})
      expect(await readTree(join(site.path, 'dist'))).toEqual(
        await readTree(join(site.path, 'fresh'))
      )

      // A file of the previous site changed by hand is not linked: it is laid out again.
      await writeFile(join(site.path, 'dist', 'fr', 'recherche', 'index.html'), 'tampered')
      expect((await build(options)).laidOut).toBe(1 + 3)
      expect(await readTree(join(site.path, 'dist'))).toEqual(
        await readTree(join(site.path, 'fresh'))
      )
      // Even with its size and modification time put back as they were: its change time tells.
      const page = join(site.path, 'dist', 'fr', 'recherche', 'index.html')
      const before = await stat(page)
      const text = await readFile(page, 'utf8')
      await writeFile(page, text.replace('<main', '<MAIN'))
      await utimes(page, before.atime, before.mtime)
      expect((await build(options)).laidOut).toBe(1 + 3)
      expect(await readTree(join(site.path, 'dist'))).toEqual(
        await readTree(join(site.path, 'fresh'))
      )

      // A directorate's name is in the pages that show it: those are laid out again, the others kept.
      const config = join(site.content, 'site.yml')
      const accessibility = await inode('fr/accessibilite/index.html')
      await writeFile(
        config,
        (await readFile(config, 'utf8')).replace('Direction du numérique', 'Direction numérique')
      )
      const renamed = await build(options)
      expect(renamed.laidOut).toBeGreaterThan(3)
      expect(renamed.laidOut).toBeLessThan(first.laidOut ?? 0)
      expect(await inode('fr/accessibilite/index.html')).toBe(accessibility)
      await build({content: 'content', out: 'fresh', cwd: site.path})
      expect(await readTree(join(site.path, 'dist'))).toEqual(
        await readTree(join(site.path, 'fresh'))
      )
    } finally {
      await site.remove()
    }
  })
})

describe('the cache is data, not trust', () => {
  const planted = '<script>alert(1)</script><img src=x onerror=alert(2)>'
  const plant = (rendered: RenderedIssue): void => {
    for (const part of rendered.sections.values())
      part.tree.children.push({type: 'raw', value: planted})
  }

  it('a rendering written by anyone without the key never reaches a page, whatever digest it carries', async () => {
    const site = await fixtureCopy('valid-site')
    try {
      const options = {content: 'content', out: 'dist', cwd: site.path, cache}
      expect((await build(options)).ok).toBe(true)
      const folder = join(site.path, cache)
      // Signed with another key: as a cache shared by CI and crafted elsewhere.
      await plantRenderings(folder, plant, {BULLETIN_CACHE_KEY: 'an-attacker-key-0123456789'})
      await rm(join(site.path, 'dist'), {recursive: true})
      expect((await build(options)).ok).toBe(true)
      expect(
        [...(await readTree(join(site.path, 'dist'))).values()].some((bytes) =>
          bytes.toString().includes('onerror')
        )
      ).toBe(false)
      // With the plain digest of its bytes, as the cache used to be checked.
      for (const path of await valueFiles(folder)) {
        const bytes = await readFile(path)
        const body = bytes.subarray(256)
        const header = Buffer.alloc(256, ' ')
        header.write(
          `${bytes.subarray(0, 64).toString('latin1')}\n${createHash('sha256').update(body).digest('hex')}\n`,
          'latin1'
        )
        await writeFile(path, Buffer.concat([header, body]))
      }
      expect(await renderings(folder)).toHaveLength(0)
      // Signed with the build's own key, the same plant would show: the signature is what stops it.
      await rm(folder, {recursive: true})
      expect((await build(options)).ok).toBe(true)
      await plantRenderings(folder, plant)
      await rm(join(site.path, 'dist'), {recursive: true})
      expect((await build(options)).ok).toBe(true)
      expect(
        [...(await readTree(join(site.path, 'dist'))).values()].some((bytes) =>
          bytes.toString().includes('onerror')
        )
      ).toBe(true)
    } finally {
      await site.remove()
    }
  })

  it("no code is taken from the kept search index: Pagefind's scripts come from the installed Pagefind", async () => {
    const site = await fixtureCopy('valid-site')
    try {
      const options = {content: 'content', out: 'dist', cwd: site.path, cache}
      expect((await build(options)).ok).toBe(true)
      const script = await readFile(join(site.path, 'dist', 'pagefind', 'pagefind.js'))
      const folder = join(site.path, cache)
      const stored = (await searchShards(folder)).flatMap(
        (record) => record.data as [string, Uint8Array][]
      )
      expect(stored.length).toBeGreaterThan(0)
      expect(stored.some(([path]) => path.endsWith('.js') || path.includes('wasm'))).toBe(false)
      await plantShards(folder, (files) =>
        files.push(
          ['pagefind.js', new TextEncoder().encode('alert(1)')],
          ['wasm.fr.pagefind', new Uint8Array([1, 2, 3])]
        )
      )
      const config = join(site.content, 'site.yml')
      await writeFile(config, `${await readFile(config, 'utf8')}\n`)
      expect((await build(options)).ok).toBe(true)
      expect(await readFile(join(site.path, 'dist', 'pagefind', 'pagefind.js'))).toEqual(script)
      await build({content: 'content', out: 'fresh', cwd: site.path, cache: '.cache/other'})
      expect(await readTree(join(site.path, 'dist'))).toEqual(
        await readTree(join(site.path, 'fresh'))
      )
    } finally {
      await site.remove()
    }
  })

  it('a cache that cannot be read or written is a warning, and the site is built', async () => {
    const site = await fixtureCopy('valid-site')
    try {
      await mkdir(join(site.path, '.cache'))
      await writeFile(join(site.path, '.cache', 'file'), 'a file where the cache folder goes')
      const asFile = await build({
        content: 'content',
        out: 'dist',
        cwd: site.path,
        cache: '.cache/file'
      })
      expect(asFile.ok).toBe(true)
      expect(report(asFile.files)).toMatch(
        /\.cache\/file {2}warning {2}Cannot create the cache folder .*: building without it {2}cache-unusable/
      )
      for (let shard = 0; shard < valueShards; shard++)
        await mkdir(join(site.path, '.cache', 'folders', valueShard(shard)), {recursive: true})
      await mkdir(join(site.path, '.cache', 'folders', 'build.bin'), {recursive: true})
      const folders = await build({
        content: 'content',
        out: 'dist',
        cwd: site.path,
        cache: '.cache/folders'
      })
      expect(folders.ok).toBe(true)
      expect(report(folders.files)).toMatch(/warning {2}Cannot read values-\d\d\.bin \(EISDIR/)
      expect(report(folders.files)).toMatch(
        /warning {2}Cannot write values-\d\d\.bin .*: the next build will not find it/
      )
      expect(await readTree(join(site.path, 'dist'))).toEqual(
        await readTree(
          join(
            site.path,
            (await build({content: 'content', out: 'fresh', cwd: site.path}), 'fresh')
          )
        )
      )
    } finally {
      await site.remove()
    }
  })

  it('its key lives outside it: given by BULLETIN_CACHE_KEY, or made once per user, readable by them only', async () => {
    const state = join(scratch.path, 'state')
    const made = cacheSecret({XDG_STATE_HOME: state})
    expect(made.key?.length).toBe(64)
    expect((await stat(join(state, 'bulletin', 'cache-key'))).mode & 0o777).toBe(0o600)
    expect(cacheSecret({XDG_STATE_HOME: state}).key).toEqual(made.key)
    expect(cacheSecret({BULLETIN_CACHE_KEY: 'short'}).problem).toMatch(/shorter than 16 characters/)
    expect(cacheSecret({BULLETIN_CACHE_KEY: 'a-long-enough-key-for-ci'}).key?.toString()).toBe(
      'a-long-enough-key-for-ci'
    )
  })
})
