import {cp, readFile, rename, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {VFile} from 'vfile'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {buildSite, createBuildState, type BuildState, type Site} from '../src/engine/build-site.ts'
import {report} from '../src/model/report.ts'
import {fixtureCopy} from './helpers/site.ts'

let scratch: {path: string; content: string; remove: () => Promise<void>}
let content: string
beforeEach(async () => {
  scratch = await fixtureCopy('valid-site')
  content = scratch.content
})
afterEach(() => scratch.remove())

const options = (): {content: string; out: string; cwd: string} => ({
  content,
  out: join(scratch.path, 'dist'),
  cwd: scratch.path
})
const bytes = (site: Site): Map<string, string> =>
  new Map(site.outputs.map((file) => [file.path, String(file.value)]))
const issue = (folder: string, lang = 'fr'): string => join(content, 'issues', folder, `${lang}.md`)
async function edit(path: string, from: string, to: string): Promise<void> {
  const text = await readFile(path, 'utf8')
  if (!text.includes(from)) throw new Error(`${from} not in ${path}`)
  await writeFile(path, text.replace(from, to))
}

/** Build with the state of the previous builds, and check it against a build from scratch. */
async function rebuild(state: BuildState): Promise<{site: Site; fresh: Site}> {
  const site = await buildSite(options(), state)
  const fresh = await buildSite(options())
  expect(report(site.files)).toBe(report(fresh.files))
  expect(site.ok).toBe(fresh.ok)
  expect(bytes(site)).toEqual(bytes(fresh))
  return {site, fresh}
}

const page = (site: Site, path: string): string =>
  String(site.outputs.find((file) => file.path === path)?.value)
const matterOf = (site: Site, path: string): unknown =>
  site.files.find((file) => file.path.endsWith(path))?.data.matter

const renderedOf = (site: Site, path: string): unknown =>
  site.files.find((file) => file.path === path)?.data.rendered

/** Paths of the files laid out anew: not the very objects of the previous build. */
function laidOut(before: Site, after: Site): string[] {
  const previous = new Set<VFile>(before.outputs)
  return after.outputs
    .filter((file) => !previous.has(file) && !file.path.startsWith('assets/'))
    .map((file) => file.path)
    .sort()
}

describe('a build that reuses the previous one', () => {
  it('lays out only the pages an edit reaches, and gives the bytes of a build from scratch', async () => {
    const state = createBuildState()
    const first = await buildSite(options(), state)
    expect(first.ok).toBe(true)

    const same = await rebuild(state)
    expect(laidOut(first, same.site)).toEqual([])

    // The body of an article: its issue in that language, and what shows the full text.
    await edit(issue('2020-04-02'), 'Un second article', 'Un deuxième article')
    const body = await rebuild(state)
    // Front matters are parsed again only where the text changed.
    expect(matterOf(body.site, '2020-04-10/fr.md')).toBe(matterOf(same.site, '2020-04-10/fr.md'))
    expect(matterOf(body.site, '2020-04-02/fr.md')).not.toBe(
      matterOf(same.site, '2020-04-02/fr.md')
    )
    expect(laidOut(same.site, body.site)).toEqual(
      [
        // The feeds of the directorates with an article in the issue.
        'en/atom.xml',
        'en/directorates/dnum/atom.xml',
        'en/directorates/drh/atom.xml',
        // The English page reads the issue too, but lays out the same text: its file stays.
        'en/issues/1/issue.json',
        'fr/atom.xml',
        'fr/directions/dnum/atom.xml',
        'fr/directions/drh/atom.xml',
        'fr/numeros/1/index.html',
        'fr/numeros/1/issue.json'
      ].sort()
    )

    // A title: every list that shows the issue, and its neighbour's next link.
    await edit(issue('2020-04-02'), 'title: Soyons solidaires !', 'title: Restons solidaires !')
    const title = await rebuild(state)
    const changed = laidOut(body.site, title.site)
    expect(changed).toContain('fr/numeros/2/index.html')
    expect(changed).toContain('fr/index.html')
    expect(changed).toContain('fr/archives/2020/index.html')
    expect(changed).toContain('fr/directions/dnum/index.html')
    expect(changed).not.toContain('fr/recherche/index.html')
  })

  it('follows links: an anchor renamed in one issue breaks the link of another', async () => {
    const state = createBuildState()
    expect((await buildSite(options(), state)).ok).toBe(true)
    await edit(
      issue('2020-04-02'),
      'title: Second article RH',
      'title: Second article RH\nid: suite'
    )
    await edit(issue('2020-04-02'), '(#drh-2)', '(#suite)')
    await edit(
      issue('2020-04-02', 'en'),
      'title: Second HR article',
      'title: Second HR article\nid: suite'
    )
    await edit(issue('2020-04-02', 'en'), '(#drh-2)', '(#suite)')
    const {site} = await rebuild(state)
    expect(site.ok).toBe(false)
    expect(report(site.files)).toContain('No section `drh-2` in issue 1')
  })

  it('between two full visits lays out only what an edit may reach, and visits every file every 100 saves', async () => {
    const state = createBuildState()
    await buildSite(options(), state)
    expect(state.layout.last?.since).toBe(0)
    const text = await readFile(issue('2020-04-02'), 'utf8')
    for (let save = 1; save <= 100; save++) {
      await writeFile(issue('2020-04-02'), `${text}\nUne phrase de plus, ${save}.\n`)
      const site = await buildSite(options(), state)
      expect(site.ok).toBe(true)
      // The list of files is the same: only what the edit may reach was asked for.
      expect(state.layout.last?.since).toBe(save)
      expect(page(site, 'fr/numeros/1/index.html')).toContain(`Une phrase de plus, ${save}.`)
    }
    await writeFile(issue('2020-04-02'), `${text}\nUne phrase de plus, encore.\n`)
    const {site} = await rebuild(state)
    expect(state.layout.last?.since).toBe(0)
    expect(page(site, 'fr/numeros/1/index.html')).toContain('Une phrase de plus, encore.')
  })

  it('handles added, renamed and deleted issues and files', async () => {
    const state = createBuildState()
    await buildSite(options(), state)

    await cp(join(content, 'issues', '2020-04-10'), join(content, 'issues', '2020-04-17'), {
      recursive: true
    })
    await edit(issue('2020-04-17'), 'issue: 2', 'issue: 3')
    await edit(issue('2020-04-17'), 'date: 2020-04-10', 'date: 2020-04-17')
    await edit(issue('2020-04-17', 'en'), 'issue: 2', 'issue: 3')
    let {site} = await rebuild(state)
    expect(report(site.files)).toBe('')
    expect(bytes(site).has('fr/numeros/3/index.html')).toBe(true)

    await rename(join(content, 'issues', '2020-04-17'), join(content, 'issues', 'troisieme'))
    ;({site} = await rebuild(state))
    expect(bytes(site).has('fr/numeros/3/index.html')).toBe(true)

    await rm(issue('troisieme', 'en'))
    ;({site} = await rebuild(state))
    expect(
      String(site.outputs.find((file) => file.path === 'en/issues/3/index.html')?.value)
    ).toContain('lang="fr"')

    await rm(join(content, 'issues', 'troisieme'), {recursive: true})
    ;({site} = await rebuild(state))
    expect(bytes(site).has('fr/numeros/3/index.html')).toBe(false)
    expect(state.layout.store.has(state.layout.kinds.issue.step, ['fr', 3])).toBe(false)
    expect(state.layout.store.has(state.layout.kinds.issue.step, ['fr', 2])).toBe(true)
  })

  it('lays out again what reads the changed configuration, and reports a bad save like a fresh build', async () => {
    const state = createBuildState()
    const first = await buildSite(options(), state)
    await edit(join(content, 'site.yml'), 'fr:', 'fr: ')
    const spaced = await rebuild(state)
    expect(laidOut(first, spaced.site)).toEqual([])

    await edit(join(content, 'site.yml'), 'Direction du numérique', 'Direction numérique')
    const renamed = await rebuild(state)
    expect(matterOf(renamed.site, '2020-04-10/fr.md')).not.toBe(
      matterOf(spaced.site, '2020-04-10/fr.md')
    )
    // Parsed again, each front matter is the same: no file is rendered again.
    const issueFiles = spaced.site.files.filter((file) => file.data.source)
    expect(issueFiles.length).toBeGreaterThan(2)
    for (const file of issueFiles)
      expect(renderedOf(renamed.site, file.path)).toBe(renderedOf(spaced.site, file.path))
    // Every page that shows the name is laid out again, and only what read the configuration's directorates.
    const again = laidOut(spaced.site, renamed.site)
    const before = bytes(spaced.site)
    for (const [path, text] of bytes(renamed.site))
      if (before.get(path) !== text) expect(again).toContain(path)
    expect(again).toContain('fr/directions/index.html')
    expect(again).not.toContain('fr/accessibilite/index.html')

    await edit(issue('2020-04-10'), 'issue: 2', 'issue: deux')
    const broken = await rebuild(state)
    expect(broken.site.ok).toBe(false)
    await edit(issue('2020-04-10'), 'issue: deux', 'issue: 2')
    const mended = await rebuild(state)
    expect(mended.site.ok).toBe(true)
  })
})
