/**
 * The real archive in content/ is part of the product: it must build in
 * both languages without a single warning.
 */
import {readFile, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../src/engine/build.ts'
import {report} from '../src/model/report.ts'
import {listTree, temporaryFolder} from './helpers/site.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

describe('content/', () => {
  it('builds every issue in French and English without a warning', async () => {
    const result = await build({
      content: 'content',
      out: 'dist-never-written',
      cwd: root,
      dryRun: true
    })
    expect(report(result.files)).toBe('')
    expect(result.ok).toBe(true)
    const issueFiles = result.files.filter((file) => file.data.source)
    expect(issueFiles.map((file) => file.path).sort()).toEqual([
      'content/issues/2020-04-02/en.md',
      'content/issues/2020-04-02/fr.md',
      'content/issues/2020-04-09/en.md',
      'content/issues/2020-04-09/fr.md'
    ])
    const numbers = issueFiles.map((file) => [
      file.data.source?.lang,
      file.data.matter?.fields.issue ?? 'inherited',
      file.data.matter?.sections.length
    ])
    expect(numbers).toEqual([
      ['en', 'inherited', 7],
      ['fr', 1, 7],
      ['en', 'inherited', 9],
      ['fr', 2, 9]
    ])
  })
})

describe('the built archive', () => {
  let out: {path: string; remove: () => Promise<void>}
  beforeAll(async () => {
    out = await temporaryFolder()
    const result = await build({content: 'content', out: out.path, cwd: root})
    expect(result.ok).toBe(true)
  })
  afterAll(() => out.remove())

  it('keeps every page under 50 KB of HTML and CSS', async () => {
    const files = await listTree(out.path)
    const css = files.filter((path) => path.startsWith('assets/') && path.endsWith('.css'))
    expect(css).toHaveLength(1)
    const cssSize = (await stat(join(out.path, css[0] ?? ''))).size
    for (const page of files.filter((path) => path.endsWith('.html'))) {
      expect((await stat(join(out.path, page))).size + cssSize, page).toBeLessThan(50 * 1024)
    }
  })

  it('names its publisher and contact on every page, and states its accessibility in both languages', async () => {
    const home = await readFile(join(out.path, 'fr', 'index.html'), 'utf8')
    expect(home).toContain(
      '<p class="site-publisher">Ministère de l’Intérieur — Secrétariat général</p>'
    )
    expect(home).toContain(
      '<a href="mailto:newsletter-sg-covid19@interieur.gouv.fr">newsletter-sg-covid19@interieur.gouv.fr</a>'
    )
    expect(home).toContain('<a href="accessibilite/">Accessibilité</a>')
    const statements = await Promise.all(
      ['fr/accessibilite/index.html', 'en/accessibility/index.html'].map((path) =>
        readFile(join(out.path, path), 'utf8')
      )
    )
    expect(statements[0]).toContain('<h1>Déclaration d’accessibilité</h1>')
    expect(statements[0]).toContain('<li>axe-core, règles WCAG 2.1 A et AA\u00a0: 0 défaut</li>')
    expect(statements[1]).toContain('<li>Nu HTML Checker: 0 errors</li>')
    expect(statements[1]).toContain(
      '<a href="../../fr/accessibilite/" hreflang="fr" lang="fr" rel="alternate">Français</a>'
    )
  })

  it('has Atom feeds per language and directorate, with issue numbers, dates and full text', async () => {
    const feed = await readFile(join(out.path, 'en', 'atom.xml'), 'utf8')
    expect(feed).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?><feed xmlns="http:\/\/www.w3.org\/2005\/Atom" xml:lang="en">/
    )
    expect(feed.match(/<entry>/g)).toHaveLength(2)
    expect(feed).toContain('<title>No. 2 — This newsletter is yours too!</title>')
    expect(feed).toContain('<updated>2020-04-09T00:00:00Z</updated>')
    expect(feed).toContain('Decree no. 2020-412')
    const drh = await readFile(join(out.path, 'fr', 'directions', 'drh', 'atom.xml'), 'utf8')
    expect(drh.match(/<entry>/g)).toHaveLength(2)
    expect(drh).toContain(
      '<title>Un numéro gratuit pour un soutien psychologique aux agents du secrétariat général — N° 2, 9 avril 2020</title>'
    )
    expect(drh).toContain('<link rel="alternate" type="text/html" href="../../numeros/2/#drh" />')
  })

  it('exports the archive as a JSON index per language and one JSON file per issue with its articles’ text', async () => {
    const index = JSON.parse(await readFile(join(out.path, 'fr', 'issues.json'), 'utf8')) as {
      version: number
      issues: {
        number: number
        date: string
        path: string
        data: string
        directorates: string[]
        twin: {lang: string; path: string; data: string}
      }[]
    }
    expect(index.version).toBe(2)
    expect(index.issues.map((issue) => [issue.number, issue.date, issue.path, issue.data])).toEqual(
      [
        [1, '2020-04-02', 'fr/numeros/1/', 'fr/numeros/1/issue.json'],
        [2, '2020-04-09', 'fr/numeros/2/', 'fr/numeros/2/issue.json']
      ]
    )
    expect(index.issues[1]?.twin).toEqual({
      lang: 'en',
      path: 'en/issues/2/',
      url: null,
      data: 'en/issues/2/issue.json'
    })
    expect(index.issues[1]?.directorates).toContain('DNUM')
    // The index holds no article text: it stays small as the archive grows.
    expect(JSON.stringify(index)).not.toContain("Je n'éteins pas")

    const issue = JSON.parse(
      await readFile(join(out.path, index.issues[1]?.data ?? ''), 'utf8')
    ) as {
      number: number
      sections: {id: string; directorate: string; text: string; path: string}[]
    }
    expect(issue.number).toBe(2)
    const dnum = issue.sections.find((section) => section.id === 'dnum-2')
    expect(dnum?.directorate).toBe('DNUM')
    expect(dnum?.path).toBe('fr/numeros/2/#dnum-2')
    expect(dnum?.text).toContain("Je n'éteins pas l'ordinateur")
  })
})
