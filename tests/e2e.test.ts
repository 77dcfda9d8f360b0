/// <reference lib="dom" />
/**
 * The built site in a real headless Chromium (Debian's `chromium`, driven
 * by playwright-core), served under a sub-path as on an intranet: every
 * link followed, anchors included, no request leaving the site, axe on
 * every page, the language switcher, the latest issue, the 404 page, print.
 */
import {cp, readFile, writeFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {getDocument} from 'pdfjs-dist/legacy/build/pdf.mjs'
import type {Browser, BrowserContext, Page} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {generateArchive} from '../scripts/generate-archive.ts'
import {build} from '../src/engine/build.ts'
import {launchChromium, strictPolicy} from './helpers/browser.ts'
import {serve, type StaticServer} from './helpers/server.ts'
import {temporaryFolder} from './helpers/site.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const axeSource = await readFile(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8'
)
const prefix = '/intranet/bulletin/'
const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const csp = strictPolicy

let scratch: {path: string; remove: () => Promise<void>}
let archive: StaticServer
let fallback: StaticServer
let strict: StaticServer
let paged: StaticServer
let bare: StaticServer
let browser: Browser
let context: BrowserContext
const outside: string[] = []

/** Build `content` into a folder and serve it under the sub-path; the site's URL is set to where it is served. */
async function buildAndServe(content: string, name: string): Promise<StaticServer> {
  const copy = join(scratch.path, `${name}-content`)
  await cp(content, copy, {recursive: true})
  const out = join(scratch.path, name)
  // The port is known once a server listens: serve the folder first, then build into it.
  const server = await serve(out, prefix)
  const config = await readFile(join(copy, 'site.yml'), 'utf8')
  await writeFile(
    join(copy, 'site.yml'),
    `${config.replace(/^url:.*$/m, '')}\nurl: ${server.url}\n`
  )
  const result = await build({content: copy, out, cwd: root})
  if (!result.ok) throw new Error(`The ${name} site did not build`)
  return server
}

beforeAll(async () => {
  scratch = await temporaryFolder()
  archive = await buildAndServe(join(root, 'content'), 'archive')
  fallback = await buildAndServe(
    join(root, 'tests', 'fixtures', 'missing-section', 'content'),
    'fallback'
  )
  strict = await serve(join(scratch.path, 'archive'), prefix, {'content-security-policy': csp})
  await generateArchive(50, join(scratch.path, 'generated'))
  paged = await buildAndServe(join(scratch.path, 'generated'), 'paged')
  // The shipped configuration: no url, so no page knows the sub-path it is served under.
  if (
    !(
      await build({
        content: join(root, 'content'),
        out: join(scratch.path, 'bare'),
        cwd: root,
        search: false
      })
    ).ok
  )
    throw new Error('The bare site did not build')
  bare = await serve(join(scratch.path, 'bare'), prefix, {'content-security-policy': csp})
  browser = await launchChromium()
  context = await browser.newContext()
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if ([archive, fallback, strict, paged, bare].some((site) => url.startsWith(site.url)))
      return route.continue()
    outside.push(url)
    return route.abort()
  })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await archive?.close()
  await fallback?.close()
  await strict?.close()
  await paged?.close()
  await bare?.close()
  await scratch?.remove()
})

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({content: axeSource})
  const violations = await page.evaluate(async (tags) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object
          ) => Promise<{violations: {id: string; nodes: {target: string[]}[]}[]}>
        }
      }
    ).axe
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}})
    return result.violations.map(
      (violation) =>
        `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`
    )
  }, wcag)
  return violations
}

/** Visit every page reachable from the site's root; check every link and anchor; run axe on each page. */
async function crawl(site: StaticServer): Promise<{pages: string[]; problems: string[]}> {
  const page = await context.newPage()
  const queue = [site.url]
  const visited = new Map<string, Set<string>>()
  const anchors: {from: string; target: string; id: string}[] = []
  const problems: string[] = []

  while (queue.length > 0) {
    const url = queue.shift() ?? ''
    if (visited.has(url)) continue
    visited.set(url, new Set())
    if (!url.endsWith('/') && !url.endsWith('.html')) {
      const response = await context.request.get(url)
      if (response.status() !== 200) problems.push(`${url}: ${response.status()}`)
      continue
    }
    const response = await page.goto(url, {waitUntil: 'load'})
    if (response?.status() !== 200) problems.push(`${url}: ${response?.status()}`)
    if (/\/(dernier|latest)\/$/.test(url) || url === site.url) {
      // These send the reader on at once; where they lead is checked below.
      await page.waitForURL((target) => target.href !== url)
      queue.push(page.url().replace(/#.*$/, ''))
      continue
    }
    visited.set(
      url,
      new Set(await page.$$eval('[id]', (elements) => elements.map((element) => element.id)))
    )
    for (const violation of await axeViolations(page)) problems.push(`${url}: axe ${violation}`)
    const links = await page.$$eval('a[href], link[href]', (elements) =>
      elements.map((element) => ({
        tag: element.tagName.toLowerCase(),
        href: (element as HTMLAnchorElement).href
      }))
    )
    for (const {tag, href: link} of links) {
      const [target = '', id] = link.split('#')
      if (!target.startsWith(site.url)) {
        // An article may link to the web or to an address; the page itself loads nothing from outside.
        if (tag !== 'a') problems.push(`${url}: <${tag}> outside the site: ${link}`)
        continue
      }
      if (id !== undefined && id !== '')
        anchors.push({from: url, target, id: decodeURIComponent(id)})
      if (!visited.has(target)) queue.push(target)
    }
  }
  for (const anchor of anchors) {
    if (!visited.get(anchor.target)?.has(anchor.id))
      problems.push(`${anchor.from}: no #${anchor.id} in ${anchor.target}`)
  }
  await page.close()
  return {pages: [...visited.keys()], problems}
}

describe('the site in a browser, under a sub-path', () => {
  it('has no broken link or anchor, no outside request and no axe violation on any page', async () => {
    const {pages, problems} = await crawl(archive)
    expect(problems).toEqual([])
    expect(outside).toEqual([])
    const types = [
      '',
      'fr/',
      'en/',
      'fr/numeros/1/',
      'en/issues/2/',
      'fr/directions/',
      'en/directorates/drh/',
      'fr/archives/',
      'en/archive/2020/',
      'fr/recherche/',
      'en/atom.xml',
      'fr/issues.json',
      'en/issues.json'
    ]
    for (const type of types) expect(pages, type).toContain(archive.url + type)
    expect(pages.length).toBeGreaterThan(40)
    const sitemap = await (await context.request.get(`${archive.url}sitemap.xml`)).text()
    expect(sitemap).toContain(`<loc>${archive.url}fr/numeros/2/</loc>`)
    expect(sitemap).toContain(
      `<xhtml:link rel="alternate" hreflang="en" href="${archive.url}en/issues/2/" />`
    )
    // With the site's address set, a page's alternates and canonical address are absolute.
    const page = await (await context.request.get(`${archive.url}fr/numeros/2/`)).text()
    expect(page).toContain(`<link rel="alternate" hreflang="en" href="${archive.url}en/issues/2/">`)
    expect(page).toContain(`<link rel="alternate" hreflang="x-default" href="${archive.url}">`)
    expect(page).toContain(`<link rel="canonical" href="${archive.url}fr/numeros/2/">`)
  }, 180_000)

  it('shows untranslated articles in the original, marked, without axe violation', async () => {
    const {problems} = await crawl(fallback)
    expect(problems).toEqual([])
    const page = await context.newPage()
    await page.goto(`${fallback.url}en/issues/1/`)
    expect(await page.getAttribute('section:has(> #drh) .article-body', 'lang')).toBe('fr')
    expect(await page.textContent('section:has(> #drh) .notice')).toContain(
      'not been translated yet'
    )
    await page.close()
  }, 120_000)

  it('leads from the home through the pages of the list to every issue, without axe violation', async () => {
    const page = await context.newPage()
    await page.goto(`${paged.url}fr/`)
    const found = new Set<string>()
    const problems: string[] = []
    for (let step = 0; step < 10; step += 1) {
      for (const href of await page.$$eval('.issue-card h3 a', (links) =>
        links.map((link) => (link as HTMLAnchorElement).href)
      ))
        found.add(href)
      for (const violation of await axeViolations(page))
        problems.push(`${page.url()}: axe ${violation}`)
      const older = await page.$('.list-pager a[rel="next"]')
      if (!older) break
      await older.click()
      await page.waitForLoadState('load')
    }
    expect(problems).toEqual([])
    expect(page.url()).toBe(`${paged.url}fr/page/1/`)
    expect(found.size).toBe(50)
    await page.close()
  }, 60_000)

  it('switches language to the same page', async () => {
    const page = await context.newPage()
    await page.goto(`${archive.url}fr/numeros/1/`)
    await page.click('.language-switch a')
    await page.waitForURL(`${archive.url}en/issues/1/`)
    expect(await page.getAttribute('html', 'lang')).toBe('en')
    await page.click('.language-switch a')
    await page.waitForURL(`${archive.url}fr/numeros/1/`)
    await page.goto(`${archive.url}en/directorates/dnum/`)
    await page.click('.language-switch a')
    await page.waitForURL(`${archive.url}fr/directions/dnum/`)

    // On an issue page, to the same article: its anchor is the same in both languages.
    await page.goto(`${archive.url}fr/numeros/1/#dicom`)
    // Landing on it leaves room above the article's heading.
    expect(
      await page.$eval('#dicom', (element) => element.getBoundingClientRect().top)
    ).toBeGreaterThan(16)
    await page.click('.language-switch a')
    await page.waitForURL(`${archive.url}en/issues/1/#dicom`)
    await page.click('.toc a[href="#drh"]')
    await page.click('.language-switch a')
    await page.waitForURL(`${archive.url}fr/numeros/1/#drh`)
    await page.close()
  })

  it('leads from the latest-issue address to the newest issue, and from / to French', async () => {
    const page = await context.newPage()
    await page.goto(`${archive.url}en/latest/`)
    await page.waitForURL(`${archive.url}en/issues/2/`)
    await page.goto(archive.url)
    await page.waitForURL(`${archive.url}fr/`)
    await page.close()
  })

  it('answers a missing page with the 404 page, whose links work at any depth', async () => {
    const page = await context.newPage()
    const response = await page.goto(`${archive.url}fr/nulle/part/`)
    expect(response?.status()).toBe(404)
    expect(await page.textContent('h1')).toBe('Page introuvable')
    expect(await page.textContent('section[lang=en] h2')).toBe('Page not found')
    const links = await page.$$eval('main a, link[rel=stylesheet]', (elements) =>
      elements.map((element) => (element as HTMLAnchorElement).href)
    )
    expect(links.length).toBeGreaterThan(2)
    for (const link of links) expect((await context.request.get(link)).status(), link).toBe(200)
    expect(await axeViolations(page)).toEqual([])
    await page.close()
  })

  it('answers with a styled 404 page whose links work at any depth without url, under the strict policy', async () => {
    const page = await context.newPage()
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('404')) errors.push(message.text())
    })
    for (const missing of ['nulle-part', 'fr/numeros/9999/', 'en/a/b/c/d/e/']) {
      const response = await page.goto(`${bare.url}${missing}`)
      expect(response?.status()).toBe(404)
      // Styled: the site's stylesheet applies (its header rule), whatever the depth.
      expect(
        await page.$eval('.site-header', (element) => getComputedStyle(element).borderBottomStyle)
      ).toBe('solid')
      const links = await page.$$eval('main a, link[rel=stylesheet], link[rel=icon]', (elements) =>
        elements.map((element) => (element as HTMLAnchorElement).href)
      )
      expect(links.length).toBeGreaterThan(3)
      for (const link of links) {
        expect(link.startsWith(bare.url), link).toBe(true)
        expect((await context.request.get(link)).status(), link).toBe(200)
      }
    }
    // (axe runs on the 404 page above: the strict policy would refuse its script here.)
    expect(errors).toEqual([])
    await page.close()
  })

  it('prints an issue as a bulletin: no navigation, every page headed with the issue and numbered, an address printed once', async () => {
    const page = await context.newPage()
    await page.goto(`${archive.url}fr/numeros/1/`)
    await page.emulateMedia({media: 'print'})
    const display = (selector: string): Promise<string> =>
      page.$eval(selector, (element) => getComputedStyle(element).display)
    expect(await display('.site-nav')).toBe('none')
    expect(await display('.toc')).toBe('none')
    expect(await display('.skip-link')).toBe('none')
    expect(await display('h1')).toBe('block')
    expect(await display('.issue-meta')).toBe('block')
    // A link written as its address is printed once, without its address again after it.
    expect(
      await page.$eval(
        '.article-body a.bare-link[href^="http"]',
        (element) => getComputedStyle(element, '::after').content
      )
    ).toBe('none')

    // Every printed page repeats the newsletter, the number and date, and its page number.
    const pdf = await page.pdf({format: 'A4'})
    const document = await getDocument({
      data: new Uint8Array(pdf),
      useSystemFonts: false,
      isEvalSupported: false
    }).promise
    const pages: string[] = []
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent()
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
    }
    expect(pages.length).toBeGreaterThan(2)
    for (const [index, text] of pages.entries()) {
      expect(text, `page ${index + 1}`).toContain('N° 1, 2 avril 2020')
      expect(text, `page ${index + 1}`).toContain(`${index + 1} / ${pages.length}`)
    }
    expect(pages.join(' ').split('actionsociale.interieur.ader.gouv.fr')).toHaveLength(2)
    await document.destroy()
    await page.close()
  })

  it('searches under a strict CSP: French word forms, accents, a directorate filter, a result leading to its article highlighted', async () => {
    const page = await context.newPage()
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    const titles = async (): Promise<string[]> => {
      // Results show placeholders (". . .") until their data has loaded.
      await page.waitForFunction(() => {
        const shown = Array.from(document.querySelectorAll('.pagefind-ui__result-title'))
        return shown.length > 0 && shown.every((element) => /\w/.test(element.textContent ?? ''))
      })
      return page.$$eval('.pagefind-ui__result-title', (elements) =>
        elements.map((element) => element.textContent?.trim() ?? '')
      )
    }

    const requested: string[] = []
    page.on('request', (request) => requested.push(request.url()))
    await page.goto(`${strict.url}fr/recherche/?q=masque`)
    expect((await titles()).join(' | ')).toContain('Soyons solidaires\u202f! — N° 1, 2 avril 2020')
    // One search box: Pagefind's, not the header's too.
    expect(await page.$$eval('input:not([type="checkbox"])', (inputs) => inputs.length)).toBe(1)
    await page.goto(`${strict.url}fr/recherche/?q=securite`)
    expect((await titles()).length).toBeGreaterThan(0)

    await page.goto(`${strict.url}en/search/`)
    await page.fill('.pagefind-ui__search-input', 'telework')
    const english = await titles()
    expect(english.join(' | ')).toContain('No. 1, 2 April 2020')
    await page
      .click(
        '.pagefind-ui__filter-panel summary:has-text("Directorate"), .pagefind-ui__filter-name:has-text("Directorate")'
      )
      .catch(() => undefined)
    await page.click('label:has-text("Human Resources Directorate")')
    await page.waitForFunction(() => document.querySelectorAll('.pagefind-ui__result').length > 0)

    // A sub-result leads to its article.
    await page.waitForSelector(
      '.pagefind-ui__result-nested .pagefind-ui__result-link[href*="#drh"]'
    )
    const link = await page.$eval(
      '.pagefind-ui__result-nested .pagefind-ui__result-link[href*="#drh"]',
      (element) => (element as HTMLAnchorElement).href
    )
    expect(link).toMatch(/highlight=telework.*#drh$/)
    // Pagefind's highlighting script is loaded only on a page reached from a search.
    await page.goto(`${strict.url}en/issues/1/`)
    await page.waitForLoadState('networkidle')
    expect(requested.filter((url) => url.includes('pagefind-highlight'))).toEqual([])
    await page.goto(link)
    expect(new URL(page.url()).hash).toBe('#drh')
    await page.waitForSelector('[data-pagefind-body] mark', {timeout: 10_000})
    expect(
      await page
        .$$eval('[data-pagefind-body] mark', (elements) =>
          elements.map((element) => element.textContent?.toLowerCase())
        )
        .then((marks) => marks.some((mark) => mark?.startsWith('telework')))
    ).toBe(true)
    expect(errors).toEqual([])
    expect(outside).toEqual([])
    await page.close()
  }, 120_000)

  it('sorts results by date, newest first', async () => {
    const page = await context.newPage()
    await page.goto(`${strict.url}fr/recherche/?q=agents`)
    await page.waitForSelector('.pagefind-ui__result')
    await page.selectOption('#_sort', 'date')
    // Results show placeholders until their data has loaded.
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('.pagefind-ui__result-title')).filter((element) =>
          element.textContent?.includes('N°')
        ).length > 1
    )
    // Only the pages' titles carry the issue number; the articles' are nested below them.
    const titles = (
      await page.$$eval('.pagefind-ui__result-title', (elements) =>
        elements.map((element) => element.textContent ?? '')
      )
    ).filter((title) => title.includes('N°'))
    expect(titles[0]).toContain('N° 2, 9 avril 2020')
    expect(titles[1]).toContain('N° 1, 2 avril 2020')
    await page.close()
  }, 60_000)

  it('leads from the search box of any page to the results, and to the same search in the other language', async () => {
    const page = await context.newPage()
    await page.goto(`${strict.url}fr/directions/`)
    await page.fill('#_q', 'masques')
    await page.press('#_q', 'Enter')
    await page.waitForURL(`${strict.url}fr/recherche/?q=masques`)
    await page.waitForSelector('.pagefind-ui__result')
    await page.fill('.pagefind-ui__search-input', 'masques')
    expect(await page.getAttribute('.language-switch a', 'href')).toContain('search/?q=masques')
    // A filter's checkbox is not the query.
    await page
      .click(
        '.pagefind-ui__filter-panel summary:has-text("Direction"), .pagefind-ui__filter-name:has-text("Direction")'
      )
      .catch(() => undefined)
    await page.click('label:has-text("Direction des ressources humaines")')
    expect(await page.getAttribute('.language-switch a', 'href')).toContain('search/?q=masques')
    await page.close()
  }, 60_000)
})
