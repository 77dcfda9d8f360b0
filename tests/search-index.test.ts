import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {VFile} from 'vfile'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../src/build.ts'
import {buildSearchIndex} from '../src/search-index.ts'
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
    const entry = JSON.parse(await readFile(join(out.path, 'pagefind', 'pagefind-entry.json'), 'utf8')) as {languages: Record<string, {page_count: number}>}
    expect(Object.fromEntries(Object.entries(entry.languages).map(([lang, value]) => [lang, value.page_count]))).toEqual({en: 2, fr: 2})
  })

  it('fails when the index holds another number of pages than the issue pages laid out', async () => {
    const html = await readFile(join(out.path, 'fr', 'numeros', '1', 'index.html'), 'utf8')
    const page = new VFile({path: 'fr/numeros/1/index.html', value: html, data: {page: {url: '/fr/numeros/1/', searchable: true}}})
    const index = await buildSearchIndex([page], {fr: 2, en: 0})
    expect(index.report.messages.map((message) => [message.ruleId, message.reason])).toEqual([
      ['search-index-count', 'The search index has 1 fr pages, but 2 fr issue pages were laid out']
    ])
    expect(index.files.some((file) => file.path === 'pagefind/pagefind.js')).toBe(true)
  })

  it('stops when asked, at once, and indexes again afterwards', async () => {
    const html = await readFile(join(out.path, 'fr', 'numeros', '1', 'index.html'), 'utf8')
    const page = (number: number): VFile => new VFile({path: `fr/numeros/${number}/index.html`, value: html, data: {page: {url: `/fr/numeros/${number}/`, searchable: true}}})
    // Enough pages that Pagefind is still at work when the signal comes.
    const controller = new AbortController()
    const aborted = buildSearchIndex(Array.from({length: 400}, (_, number) => page(number)), {fr: 400}, controller.signal)
    setTimeout(() => controller.abort(), 50)
    await expect(aborted).rejects.toThrow()
    const index = await buildSearchIndex([page(1)], {fr: 1})
    expect(index.report.messages).toEqual([])
    expect(index.files.some((file) => file.path === 'pagefind/pagefind.js')).toBe(true)
  })
})
