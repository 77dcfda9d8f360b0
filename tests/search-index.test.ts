import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {VFile} from 'vfile'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../src/engine/build.ts'
import {createSearchIndexer, indexSearch} from '../src/search/search-index.ts'
import {ownSearchPlace} from '../src/search/search-step.ts'
import {temporaryFolder} from './helpers/site.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
let out: {path: string; remove: () => Promise<void>}
beforeAll(async () => {
  out = await temporaryFolder()
  expect((await build({content: 'content', out: out.path, cwd: root})).ok).toBe(true)
})
afterAll(() => out.remove())

describe('search index', () => {
  it('indexes the issue pages of each language, and them only', async () => {
    const entry = JSON.parse(
      await readFile(join(out.path, 'pagefind', 'pagefind-entry.json'), 'utf8')
    ) as {languages: Record<string, {page_count: number}>}
    expect(
      Object.fromEntries(
        Object.entries(entry.languages).map(([lang, value]) => [lang, value.page_count])
      )
    ).toEqual({en: 2, fr: 2})
  })

  it('fails when the index holds another number of pages than the issue pages laid out', async () => {
    const html = await readFile(join(out.path, 'fr', 'numeros', '1', 'index.html'), 'utf8')
    const searchable = {lang: 'fr', shard: 1} as const
    const page = new VFile({
      path: 'fr/numeros/1/index.html',
      value: html,
      data: {page: {url: '/fr/numeros/1/', searchable}}
    })
    // A page without Pagefind's body marker is left out by Pagefind, while the other has one.
    const unmarked = new VFile({
      path: 'fr/numeros/2/index.html',
      value: html.replace('data-pagefind-body', 'data-other'),
      data: {page: {url: '/fr/numeros/2/', searchable}}
    })
    const index = await indexSearch([page, unmarked])
    expect(index.report.messages.map((message) => [message.ruleId, message.reason])).toEqual([
      ['search-index-count', 'The search index has 1 fr pages, but 2 fr issue pages were laid out']
    ])
    expect(index.files.some((file) => file.path === 'pagefind/pagefind.js')).toBe(true)
  })

  it('stops when asked, at once, and indexes again afterwards', async () => {
    const html = await readFile(join(out.path, 'fr', 'numeros', '1', 'index.html'), 'utf8')
    const page = (number: number): VFile =>
      new VFile({
        path: `fr/numeros/${number}/index.html`,
        value: html,
        data: {page: {url: `/fr/numeros/${number}/`, searchable: {lang: 'fr', shard: 1}}}
      })
    // Enough pages that Pagefind is still at work when the signal comes.
    const controller = new AbortController()
    const aborted = indexSearch(
      Array.from({length: 400}, (_, number) => page(number)),
      {signal: controller.signal}
    )
    setTimeout(() => controller.abort(), 50)
    await expect(aborted).rejects.toThrow()
    const index = await indexSearch([page(1)])
    expect(index.report.messages).toEqual([])
    expect(index.files.some((file) => file.path === 'pagefind/pagefind.js')).toBe(true)
  })

  it('indexes each shard apart, places the first beside Pagefind’s code, and reuses a shard whose pages did not change', async () => {
    const html = await readFile(join(out.path, 'fr', 'numeros', '1', 'index.html'), 'utf8')
    const page = (number: number, text: string): VFile =>
      new VFile({
        path: `fr/numeros/${number}/index.html`,
        value: html.replaceAll('Soyons solidaires', text),
        data: {
          page: {
            url: `/fr/numeros/${number}/`,
            searchable: {lang: 'fr', shard: number === 1 ? 1 : 3}
          }
        }
      })
    const place = ownSearchPlace()
    const first = await indexSearch([page(1, 'Un'), page(1001, 'Mille')], {place})
    expect(first.shards.map((shard) => shard.number)).toEqual([1, 3])
    const paths = first.files.map((file) => file.path)
    expect(paths).toContain('pagefind/pagefind-entry.json')
    expect(paths).toContain('pagefind/3/pagefind-entry.json')
    // Code lives once, beside the first shard; the others hold data only.
    expect(
      paths
        .filter((path) => path.startsWith('pagefind/3/'))
        .every((path) => !/\.(js|css)$|wasm/.test(path))
    ).toBe(true)

    // Each index is a revision of the store that holds the shards, as a save of the dev server is.
    place.store.advance()
    const second = await indexSearch([page(1, 'Deux'), page(1001, 'Mille')], {
      place,
      previous: first
    })
    expect(second.shards[1]?.files).toBe(first.shards[1]?.files)
    expect(second.shards[0]?.files).not.toBe(first.shards[0]?.files)
    place.store.advance()
    const third = await indexSearch([page(1, 'Deux'), page(1001, 'Mille')], {
      place,
      previous: second
    })
    expect(third.files).toBe(second.files)
  })

  it('gives the same index when a build starts each shard as soon as its pages are staged', async () => {
    const html = await readFile(join(out.path, 'fr', 'numeros', '1', 'index.html'), 'utf8')
    const folder = join(out.path, 'staged')
    const page = async (number: number, text: string): Promise<VFile> => {
      const path = `fr/numeros/${number}/index.html`
      await mkdir(join(folder, 'fr', 'numeros', String(number)), {recursive: true})
      await writeFile(join(folder, path), html.replaceAll('Soyons solidaires', text))
      // Staged pages hold no text in memory: the index reads them from the folder.
      return new VFile({
        path,
        data: {
          page: {
            url: `/fr/numeros/${number}/`,
            searchable: {lang: 'fr', shard: number < 2001 ? 1 : 2},
            body: `${number} ${text}`
          }
        }
      })
    }
    const pages = [await page(1, 'Un'), await page(2001, 'Deux mille')]
    const atOnce = await indexSearch(pages, {folder})
    const early = createSearchIndexer({folder})
    early.start(1, pages.slice(0, 1))
    // A shard started with other pages than it ends with is indexed again.
    early.start(2, [await page(2002, 'Autre')])
    const started = await early.finish(pages)
    expect(started.report.messages).toEqual([])
    // The same files with the same bytes; Pagefind lists them in no fixed order.
    const bytes = (index: typeof atOnce): string[][] =>
      index.files
        .map((file) => [file.path, Buffer.from(file.value).toString('base64')])
        .sort(([a], [b]) => ((a ?? '') < (b ?? '') ? -1 : 1))
    expect(bytes(started)).toEqual(bytes(atOnce))
  })
})
