import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {buildSite, createBuildState, type BuildState, type Site} from '../src/engine/build-site.ts'
import {report} from '../src/model/report.ts'
import {fixtureCopy} from './helpers/site.ts'

let scratch: {path: string; content: string; remove: () => Promise<void>}
beforeEach(async () => {
  scratch = await fixtureCopy('valid-site')
})
afterEach(() => scratch.remove())

const options = (): {content: string; out: string; cwd: string} => ({
  content: scratch.content,
  out: join(scratch.path, 'dist'),
  cwd: scratch.path
})
const issue = (folder: string, lang = 'fr'): string =>
  join(scratch.content, 'issues', folder, `${lang}.md`)
const bytes = (site: Site): Map<string, string> =>
  new Map(site.outputs.map((file) => [file.path, String(file.value)]))

async function edit(path: string, change: (text: string) => string): Promise<void> {
  const text = await readFile(path, 'utf8')
  const changed = change(text)
  if (changed === text) throw new Error(`No change to ${path}`)
  await writeFile(path, changed)
}

/** A save of `paths`, built from the state, and whether it took the files read by the last build again. */
async function save(state: BuildState, before: Site, paths: string[]): Promise<boolean> {
  const site = await buildSite(options(), state, new Set(paths))
  const fresh = await buildSite(options())
  expect(report(site.files)).toBe(report(fresh.files))
  expect(site.ok).toBe(fresh.ok)
  expect(bytes(site)).toEqual(bytes(fresh))
  const other = (from: Site): unknown =>
    from.files.find((file) => file.path.endsWith('issues/2020-04-02/fr.md'))
  return other(site) === other(before)
}

describe('a save of issue files alone', () => {
  it('reads, renders and lays out only their folder, for the bytes of a full build', async () => {
    const state = createBuildState()
    const first = await buildSite(options(), state)
    const path = issue('2020-04-10')
    await edit(path, (text) => text.replace(/\n\n(?=[^\n-])/, '\n\nUne phrase de plus. '))
    expect(await save(state, first, [path])).toBe(true)
    expect(state.base).toBeDefined()
  })

  it('builds in full when the archive changes shape: a number, an error', async () => {
    const state = createBuildState()
    let site = await buildSite(options(), state)
    const path = issue('2020-04-10')
    await edit(path, (text) => text.replace(/^issue: \d+$/m, 'issue: 99'))
    expect(await save(state, site, [path])).toBe(false)
    site = await buildSite(options(), state, new Set([path]))
    await edit(path, (text) => text.replace(/^date: .*$/m, 'date: not a date'))
    expect(await save(state, site, [path])).toBe(false)
    // The failed build leaves nothing to start from.
    expect(state.base).toBeUndefined()
  })

  it('builds in full when another file changed unheard, or the path is not an issue file', async () => {
    const state = createBuildState()
    const site = await buildSite(options(), state)
    await edit(join(scratch.content, 'site.yml'), (text) => text.replace(/^title:/m, 'title: X'))
    const path = issue('2020-04-10')
    await edit(path, (text) => text.replace(/^title: /m, 'title: Y '))
    expect(await save(state, site, [path])).toBe(false)
    const next = await buildSite(options(), state, new Set([path]))
    expect(await save(state, next, [join(scratch.content, 'issues', '2020-04-10')])).toBe(false)
  })
})
