import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {buildSite} from '../src/engine/build-site.ts'
import {cli} from './helpers/cli.ts'
import {fixtureCopy} from './helpers/site.ts'

let scratch: {path: string; content: string; remove: () => Promise<void>}
let content: string
beforeAll(async () => {
  scratch = await fixtureCopy('valid-site')
  content = scratch.content
})
afterAll(() => scratch.remove())

const page = async (path: string, drafts = true): Promise<string> => {
  const site = await buildSite({
    content,
    out: join(scratch.path, 'dist'),
    cwd: scratch.path,
    drafts
  })
  expect(site.ok).toBe(true)
  return String(site.outputs.find((file) => file.path === path)?.value ?? '')
}

describe('npm run new', () => {
  it('creates the next issue with its number, date and a commented example per directorate', async () => {
    const result = await cli(['new', '--date', '2020-04-17'], scratch.path)
    expect(result.stdout).toBe('content/issues/2020-04-17/fr.md\n')
    expect(result.code).toBe(0)
    const text = await readFile(join(content, 'issues', '2020-04-17', 'fr.md'), 'utf8')
    expect(text).toMatch(
      /^---\nissue: 3\ndate: 2020-04-17\ntitle: Titre du numéro\nsummary: .*\ndraft: true\n---\n/
    )
    expect(text.match(/^<!-- ---[A-Z0-9-]+$/gm)).toEqual([
      '<!-- ---DNUM',
      '<!-- ---DRH',
      '<!-- ---PREF-75'
    ])

    // A draft: checked with --drafts, published without any problem once ready.
    expect((await cli(['check', '--drafts'], scratch.path)).code).toBe(0)
    expect(await page('fr/numeros/3/index.html', false)).toBe('')
    const written = text
      .replace('draft: true\n', '')
      .replace('<!-- ---DRH', '---DRH')
      .replace(/(---DRH\n(?:.*\n){3})-->\n/, '$1')
      .replace(/(---DRH\n(?:.*\n){2})Texte de l’article\./, '$1Texte écrit.')
    await writeFile(join(content, 'issues', '2020-04-17', 'fr.md'), written)
    const issue = await page('fr/numeros/3/index.html', false)
    expect(issue).toContain('id="drh"')
    expect(issue).not.toContain('id="dnum"')
    expect(issue).not.toContain('&#x3C;!--')
  })

  it('never overwrites, and says what is wrong with the options', async () => {
    const before = await readFile(join(content, 'issues', '2020-04-17', 'fr.md'), 'utf8')
    const again = await cli(['new', '--date', '2020-04-17'], scratch.path)
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('already exists')
    expect(await readFile(join(content, 'issues', '2020-04-17', 'fr.md'), 'utf8')).toBe(before)
    expect((await cli(['new', '--date', '2020-02-30'], scratch.path)).code).toBe(2)
    expect((await cli(['new', '--lang', 'de'], scratch.path)).code).toBe(2)
    expect((await cli(['new', '--translate', '9'], scratch.path)).stderr).toContain('no issue 9')
    expect((await cli(['new', '--translate', '1'], scratch.path)).stderr).toContain(
      'already in fr and en'
    )
  })

  it('starts a translation with the sections’ ids and the original text as comments', async () => {
    const result = await cli(['new', '--translate', '3'], scratch.path)
    expect(result.stdout).toBe('content/issues/2020-04-17/en.md\n')
    const text = await readFile(join(content, 'issues', '2020-04-17', 'en.md'), 'utf8')
    expect(text).toContain(
      '---DRH\nid: drh\ntitle: Titre de l’article (Direction des ressources humaines)\n---\n<!--\nOriginal:\n\nTexte écrit.\n-->'
    )
    expect(text).toContain('draft: true')
    expect(text).not.toContain('---DNUM')

    // The draft translation shows in the preview; published, the original shows until it is ready.
    expect((await cli(['check', '--drafts'], scratch.path)).code).toBe(0)
    expect(await page('en/issues/3/index.html')).toMatch(/<h2 id="drh">.*Titre de l’article/)
    expect(await page('en/issues/3/index.html', false)).toContain('Texte écrit.')
  })
})
