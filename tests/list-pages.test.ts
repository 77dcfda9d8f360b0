/**
 * The issue list in pages, on a generated archive of 60 issues: the home
 * shows the newest, every issue is reachable page by page, the pages link
 * to each other, and a page keeps its address and bytes when an issue is
 * published.
 */
import {mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {generateArchive} from '../scripts/generate-archive.ts'
import {build} from '../src/engine/build.ts'
import {pageNumbers} from '../layouts/home.ts'
import {temporaryFolder} from './helpers/site.ts'

let scratch: {path: string; remove: () => Promise<void>}
const page = (path: string): Promise<string> => readFile(join(scratch.path, 'dist', path), 'utf8')
const issueLinks = (html: string): number[] =>
  [...html.matchAll(/<a href="(?:\.\.\/)*numeros\/(\d+)\/">/g)].map((match) => Number(match[1]))

beforeAll(async () => {
  scratch = await temporaryFolder()
  await generateArchive(60, join(scratch.path, 'content'))
  expect(
    (await build({content: 'content', out: 'dist', cwd: scratch.path, search: false})).ok
  ).toBe(true)
}, 60_000)
afterAll(() => scratch.remove())

describe('the issue list in pages', () => {
  it('shows the 24 newest issues on the home, the newest set apart, and leads to the older ones', async () => {
    const home = await page('fr/index.html')
    expect(issueLinks(home)).toEqual(Array.from({length: 24}, (_, index) => 60 - index))
    expect(home).toMatch(
      /<section class="latest-issue" aria-labelledby="_latest"><h2 id="_latest">Dernier numéro<\/h2><article class="issue-card"><h3><a href="numeros\/60\/">/
    )
    // The first issue the home leaves out, 36, is on page 2.
    expect(home).toContain('<link rel="next" href="page/2/">')
    expect(home).not.toContain('rel="prev"')
  })

  it('counts pages from the oldest issue, and reaches every issue once', async () => {
    const pages = await Promise.all([1, 2, 3].map((n) => page(`fr/page/${n}/index.html`)))
    expect(pages.map((html) => /<h1>([^<]*)<\/h1>/.exec(html)?.[1])).toEqual([
      'Numéros 1 à 24',
      'Numéros 25 à 48',
      'Numéros 49 à 60'
    ])
    expect(pages.flatMap(issueLinks).sort((a, b) => a - b)).toEqual(
      Array.from({length: 60}, (_, index) => index + 1)
    )
    await expect(page('fr/page/4/index.html')).rejects.toThrow(/ENOENT/)
    for (const html of pages) expect(Buffer.byteLength(html)).toBeLessThan(100_000)
  })

  it('links each page to the newer and the older one, and to the numbered pages', async () => {
    const second = await page('fr/page/2/index.html')
    expect(second).toContain('<link rel="prev" href="../3/">')
    expect(second).toContain('<link rel="next" href="../1/">')
    expect(second).toContain('<a href="./" aria-label="Page 2" aria-current="page">2</a>')
    expect(await page('en/page/2/index.html')).toContain('<h1>Issues 25 to 48</h1>')
    expect(second).toContain('<link rel="alternate" hreflang="en" href="../../../en/page/2/">')
  })

  it('keeps a page as it was when an issue is published: only the last page and the home change', async () => {
    const before = await Promise.all([1, 2, 3].map((n) => page(`fr/page/${n}/index.html`)))
    const folder = join(scratch.path, 'content', 'issues', '2099-01-01')
    await mkdir(folder, {recursive: true})
    await writeFile(
      join(folder, 'fr.md'),
      '---\nissue: 61\ndate: 2099-01-01\ntitle: Le soixante et unième\n---\n\n---DNUM\ntitle: Un article\n---\nTexte.\n'
    )
    expect(
      (await build({content: 'content', out: 'dist', cwd: scratch.path, search: false})).ok
    ).toBe(true)
    const after = await Promise.all([1, 2, 3].map((n) => page(`fr/page/${n}/index.html`)))
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2))
    expect(issueLinks(after[2] ?? '')).toContain(61)
  })
})

describe("a directorate's pages and the year pages", () => {
  it("show a directorate's recent articles, and all of them on one page per year", async () => {
    const directorate = await page('fr/directions/drh/index.html')
    const recent = [...directorate.matchAll(/<a href="\.\.\/\.\.\/numeros\/(\d+)\/#drh[-\d]*">/g)]
    expect(recent.length).toBe(20)
    const years = [...directorate.matchAll(/<a href="(20\d\d)\/">\1<\/a>/g)].map(
      (match) => match[1]
    )
    expect(years.length).toBeGreaterThan(0)
    let total = 0
    for (const year of years) {
      const html = await page(`fr/directions/drh/${year}/index.html`)
      expect(html).toContain(
        `<h1>Direction des ressources humaines\u00a0: articles de ${year}</h1>`
      )
      total += [...html.matchAll(/<a href="\.\.\/\.\.\/\.\.\/numeros\/\d+\/#drh[-\d]*">/g)].length
      expect(Buffer.byteLength(html)).toBeLessThan(100_000)
    }
    const count = Number(
      /Articles publiés par cette direction\u00a0: (\d+) articles/.exec(directorate)?.[1]
    )
    expect(total).toBe(count)
  })

  it('lead from a year of the archive to each of its months', async () => {
    const year = await page('fr/archives/2020/index.html')
    const links = [...year.matchAll(/<a href="#(_2020-\d\d)">/g)].map((match) => match[1])
    expect(links.length).toBeGreaterThan(0)
    for (const id of links) expect(year).toContain(`<h2 id="${id}">`)
  })
})

describe('the numbered pages shown', () => {
  it('are the first and last pages and two on each side, with gaps, newest first', () => {
    expect(pageNumbers(1, undefined)).toEqual([1])
    expect(pageNumbers(167, 80)).toEqual([167, undefined, 82, 81, 80, 79, 78, undefined, 1])
    expect(pageNumbers(167, undefined)).toEqual([167, 166, 165, 164, 163, undefined, 1])
    expect(pageNumbers(4, 2)).toEqual([4, 3, 2, 1])
  })
})
