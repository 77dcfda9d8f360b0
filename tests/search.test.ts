/**
 * `npm run search` over the real archive, as an agent would call it:
 * French and English word forms, accents, filters, limits, the JSON shape,
 * and the errors with their exit codes.
 */
import {cp, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../src/engine/build.ts'
import {cli} from './helpers/cli.ts'
import {temporaryFolder} from './helpers/site.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
let scratch: {path: string; remove: () => Promise<void>}

interface Hit {
  issue: number
  date: string
  lang: string
  title: string
  directorate: string
  url: string
  anchor: string
  excerpt: string
  score: number
}

async function search(...args: string[]): Promise<{code: number; hits: Hit[]; stderr: string}> {
  const result = await cli(['search', ...args, '--json'], scratch.path)
  return {
    code: result.code,
    hits: result.stdout ? (JSON.parse(result.stdout) as Hit[]) : [],
    stderr: result.stderr
  }
}

beforeAll(async () => {
  scratch = await temporaryFolder()
  expect(
    (await build({content: join(root, 'content'), out: join(scratch.path, 'dist'), cwd: root})).ok
  ).toBe(true)
  const fixture = join(root, 'tests', 'fixtures', 'missing-translation', 'content')
  expect(
    (await build({content: fixture, out: join(scratch.path, 'untranslated'), cwd: root})).ok
  ).toBe(true)
}, 60_000)
afterAll(() => scratch.remove())

describe('npm run search', () => {
  it('matches French word forms and leads to the article', async () => {
    const {code, hits} = await search('masque')
    expect(code).toBe(0)
    expect(hits.map((hit) => hit.url)).toContain('fr/numeros/1/#depafi')
    const depafi = hits.find((hit) => hit.anchor === 'depafi')
    expect(depafi).toMatchObject({
      issue: 1,
      date: '2020-04-02',
      lang: 'fr',
      title: 'Protections : le matériel arrive',
      directorate: 'DEPAFI'
    })
    expect(depafi?.excerpt).toMatch(/masques/)
    expect(Object.keys(depafi ?? {})).toEqual([
      'issue',
      'date',
      'lang',
      'title',
      'directorate',
      'url',
      'anchor',
      'excerpt',
      'score'
    ])
  })

  it('matches English word forms and accents left out', async () => {
    const english = await search('telework', '--lang', 'en')
    expect(english.hits.some((hit) => /teleworking/i.test(hit.excerpt))).toBe(true)
    expect(english.hits.every((hit) => hit.lang === 'en' && hit.url.startsWith('en/issues/'))).toBe(
      true
    )
    const accents = await search('securite')
    expect(accents.hits.some((hit) => /sécurité/i.test(hit.excerpt))).toBe(true)
  })

  it('filters by directorate and year, and limits', async () => {
    const drh = await search('agents', '--directorate', 'drh')
    expect(drh.hits.length).toBeGreaterThan(0)
    expect(new Set(drh.hits.map((hit) => hit.directorate))).toEqual(new Set(['DRH']))
    // A name with an apostrophe, which French pages (and so the index's filter) write curly.
    const depafi = await search('masques', '--directorate', 'depafi')
    expect(depafi.hits.map((hit) => hit.directorate)).toEqual(['DEPAFI'])
    expect((await search('agents', '--year', '2020')).code).toBe(0)
    const none = await search('agents', '--year', '2019')
    expect([none.code, none.hits]).toEqual([1, []])
    expect((await search('agents', '--limit', '1')).hits).toHaveLength(1)
  })

  it('filters on filters named in the language of the pages, with none that has a value per issue', async () => {
    const french = await readFile(
      join(scratch.path, 'dist', 'fr', 'numeros', '1', 'index.html'),
      'utf8'
    )
    const english = await readFile(
      join(scratch.path, 'dist', 'en', 'issues', '1', 'index.html'),
      'utf8'
    )
    expect(french).toContain('data-pagefind-filter="Année:2020"')
    expect(french).toContain('data-pagefind-filter="Direction"')
    expect(english).toContain('data-pagefind-filter="Year:2020"')
    expect(english).toContain('data-pagefind-filter="Directorate"')
    expect(french).not.toMatch(/data-pagefind-filter="issue/)
    const drh = await search('staff', '--lang', 'en', '--directorate', 'DRH', '--year', '2020')
    expect(drh.code).toBe(0)
    expect(new Set(drh.hits.map((hit) => hit.directorate))).toEqual(new Set(['DRH']))
  })

  it('finds an untranslated issue in the other language, and says it is in the original', async () => {
    const {code, hits} = await search('agents', '--lang', 'en', '--dist', 'untranslated')
    expect(code).toBe(0)
    expect(hits[0]).toMatchObject({
      issue: 1,
      lang: 'fr',
      directorate: 'DNUM',
      url: 'en/issues/1/#dnum',
      title: 'Toujours plus d’agents équipés'
    })
  })

  it('prints plain results by default', async () => {
    const result = await cli(['search', 'masque', '--limit', '1'], scratch.path)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /^1 · 2020-04-02 · [A-Z-]+ · .+\n {2}fr\/numeros\/1\/#[a-z-]+\n {2}.+\n$/
    )
  })

  it('says what is wrong, with exit code 2', async () => {
    const noBuild = await cli(['search', 'masque', '--dist', 'nowhere'], scratch.path)
    expect([noBuild.code, noBuild.stderr]).toEqual([
      2,
      expect.stringContaining('No search index in') as unknown as string
    ])
    expect((await cli(['search', 'masque', '--lang', 'de'], scratch.path)).stderr).toContain(
      'Unknown language de: the index has en, fr'
    )
    expect(
      (await cli(['search', 'masque', '--directorate', 'XYZ'], scratch.path)).stderr
    ).toContain('Unknown directorate XYZ: the archive has CHEMI, DEPAFI')
    expect((await cli(['search'], scratch.path)).code).toBe(2)

    const other = join(scratch.path, 'other')
    await cp(join(scratch.path, 'dist'), other, {recursive: true})
    const entryPath = join(other, 'pagefind', 'pagefind-entry.json')
    await writeFile(
      entryPath,
      (await readFile(entryPath, 'utf8')).replace(/"version":"[^"]+"/, '"version":"0.9.0"')
    )
    const stale = await cli(['search', 'masque', '--dist', 'other'], scratch.path)
    expect(stale.code).toBe(2)
    expect(stale.stderr).toContain('was built by Pagefind 0.9.0')
  })

  it("runs only Bulletin's copy of Pagefind: the site's own scripts are never loaded", async () => {
    const received = join(scratch.path, 'received')
    await cp(join(scratch.path, 'dist'), received, {recursive: true})
    const ran = join(scratch.path, 'ran.txt')
    const hostile = `import('node:fs').then((fs) => fs.writeFileSync(${JSON.stringify(ran)}, 'ran'));\nexport const search = () => ({results: []});\n`
    await writeFile(join(received, 'pagefind', 'pagefind.js'), hostile)
    await writeFile(join(received, 'pagefind', 'wasm.fr.pagefind'), 'not WebAssembly')
    const mine = await search('masques', '--dist', 'dist')
    const theirs = await search('masques', '--dist', 'received')
    expect(theirs.code).toBe(0)
    expect(theirs.hits).toEqual(mine.hits)
    await expect(readFile(ran, 'utf8')).rejects.toThrow(/ENOENT/)

    // Its data cannot drive the terminal either: control characters are shown, not obeyed.
    const exported = join(received, 'fr', 'numeros', '1', 'issue.json')
    await writeFile(
      exported,
      (await readFile(exported, 'utf8')).replaceAll(
        '"title": "Protections',
        '"title": "\\u001b]0;pwned\\u0007Protections'
      )
    )
    const plain = await cli(['search', 'masques', '--dist', 'received'], scratch.path)
    expect(plain.stdout).toContain('\ufffd]0;pwned\ufffdProtections')
    expect(plain.stdout).not.toMatch(/[\u001b\u0007]/)
  })
})
