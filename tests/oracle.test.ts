/**
 * The oracle: from a generated archive, seeded random sequences of edits
 * (an article's body, a title, a date, an issue added, renamed or deleted,
 * a translation added, site.yml, a message catalogue, the
 * stylesheet), and after each one the incremental results, the dev
 * engine's (a build state kept in memory, told the changed paths as its
 * watcher would be) and a build with the disk cache,
 * must be the bytes and the problems of a build from scratch. Bounded: two
 * sequences of eight edits on twelve issues.
 */
import {cp, mkdir, readFile, readdir, rename, rm, utimes, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {generateArchive, random} from '../scripts/generate-archive.ts'
import {build} from '../src/engine/build.ts'
import {buildSite, createBuildState, type Site} from '../src/engine/build-site.ts'
import {createLayoutState} from '../src/stages/layout.ts'
import {report} from '../src/model/report.ts'
import {readTree, temporaryFolder} from './helpers/site.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
let scratch: {path: string; remove: () => Promise<void>}
beforeAll(async () => {
  scratch = await temporaryFolder()
})
afterAll(() => scratch.remove())

interface Place {
  content: string
  theme: string
}

type Edit = (place: Place, next: () => number) => Promise<string>

const folders = async (place: Place): Promise<string[]> =>
  (await readdir(join(place.content, 'issues'))).sort()
const pick = <T>(items: readonly T[], next: () => number): T => {
  const item = items[Math.floor(next() * items.length)]
  if (item === undefined) throw new Error('Nothing to pick from')
  return item
}
async function change(path: string, update: (text: string) => string): Promise<void> {
  await writeFile(path, update(await readFile(path, 'utf8')))
}

/** The edits, each returning what it did, for the failure message. */
const edits: Record<string, Edit> = {
  async body(place, next) {
    const folder = pick(await folders(place), next)
    const lang = pick(['fr', 'en'], next)
    await change(
      join(place.content, 'issues', folder, `${lang}.md`),
      (text) => `${text}\nUne phrase de plus ${Math.floor(next() * 1000)}.\n`
    )
    return `body of ${folder}/${lang}`
  },
  async title(place, next) {
    const folder = pick(await folders(place), next)
    const lang = pick(['fr', 'en'], next)
    await change(join(place.content, 'issues', folder, `${lang}.md`), (text) =>
      text.replace(/^title: /m, `title: Titre ${Math.floor(next() * 1000)} `)
    )
    return `title of ${folder}/${lang}`
  },
  async date(place, next) {
    const folder = pick(await folders(place), next)
    const day = String(1 + Math.floor(next() * 28)).padStart(2, '0')
    await change(join(place.content, 'issues', folder, 'fr.md'), (text) =>
      text.replace(/^date: \d{4}-\d{2}-\d{2}$/m, `date: 2019-0${1 + Math.floor(next() * 9)}-${day}`)
    )
    return `date of ${folder}`
  },
  async add(place, next) {
    const all = await folders(place)
    const source = pick(all, next)
    const number = 100 + all.length + Math.floor(next() * 100)
    const folder = `added-${number}`
    await mkdir(join(place.content, 'issues', folder))
    // A copy of another issue, without its links (they are relative to its folder).
    const text = (await readFile(join(place.content, 'issues', source, 'fr.md'), 'utf8'))
      .replace(/^issue: \d+$/m, `issue: ${number}`)
      .replace(/ Voir aussi \[[^\]]*\]\([^)]*\)\./g, '')
    await writeFile(join(place.content, 'issues', folder, 'fr.md'), text)
    return `issue ${number} added as ${folder}`
  },
  async rename(place) {
    // The newest issue: links only go to earlier ones.
    const folder = (await folders(place)).filter((name) => /^\d/.test(name)).at(-1) ?? ''
    await rename(
      join(place.content, 'issues', folder),
      join(place.content, 'issues', `${folder}-renamed`)
    )
    return `${folder} renamed`
  },
  async remove(place) {
    const folder = (await folders(place)).filter((name) => /^\d/.test(name)).at(-1) ?? ''
    await rm(join(place.content, 'issues', folder), {recursive: true})
    return `${folder} deleted`
  },
  async translation(place, next) {
    // An issue added by an edit has no translation yet: it gets one (a
    // translation removed would break the links other issues make to it).
    const untranslated = []
    for (const folder of await folders(place)) {
      const files = await readdir(join(place.content, 'issues', folder))
      if (!files.includes('en.md')) untranslated.push(folder)
    }
    if (untranslated.length === 0) return `${await edits.add?.(place, next)}, untranslated`
    const folder = pick(untranslated, next)
    const source = pick(
      (await folders(place)).filter((name) => /^\d/.test(name)),
      next
    )
    const text = (await readFile(join(place.content, 'issues', source, 'en.md'), 'utf8')).replace(
      / See also \[[^\]]*\]\([^)]*\)\./g,
      ''
    )
    await writeFile(join(place.content, 'issues', folder, 'en.md'), text)
    return `translation of ${folder} added`
  },
  async config(place, next) {
    await change(join(place.content, 'site.yml'), (text) =>
      text.replace(
        /^  fr: Lettre d'information.*$/m,
        `  fr: Lettre d'information ${Math.floor(next() * 1000)}`
      )
    )
    return 'site.yml'
  },
  async messages(place, next) {
    await change(join(place.theme, 'messages', 'fr.yml'), (text) =>
      text.replace(/^issues: .*$/m, `issues: Tous les numéros ${Math.floor(next() * 1000)}`)
    )
    return 'fr.yml'
  },
  async stylesheet(place, next) {
    await change(
      join(place.theme, 'style.css'),
      (text) => `${text}\n.oracle-${Math.floor(next() * 1000)} {\n  color: inherit;\n}\n`
    )
    return 'style.css'
  }
}

/** Every file under `folder`, by absolute path, with its text. */
async function snapshot(folder: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const entry of await readdir(folder, {recursive: true, withFileTypes: true})) {
    const path = join(entry.parentPath, entry.name)
    if (entry.isFile()) files.set(path, await readFile(path, 'utf8'))
  }
  return files
}

/** What a watcher reports between two snapshots: files changed, added or gone, and the folders of those added or gone. */
function watched(before: Map<string, string>, after: Map<string, string>): Set<string> {
  const changed = new Set<string>()
  for (const [path, text] of after) {
    if (!before.has(path)) changed.add(dirname(path))
    if (before.get(path) !== text) changed.add(path)
  }
  for (const path of before.keys()) if (!after.has(path)) changed.add(path).add(dirname(path))
  return changed
}

const bytes = (site: Site): Map<string, string> =>
  new Map(site.outputs.map((file) => [file.path, String(file.value)]))

describe('incremental results equal a build from scratch', () => {
  // ORACLE_SEEDS=1,2,3 npm test -- tests/oracle.test.ts tries other sequences.
  const seeds = (process.env.ORACLE_SEEDS ?? '14,15').split(',').map(Number)
  for (const seed of seeds) {
    it(`after each of a sequence of random edits (seed ${seed})`, async () => {
      const folder = join(scratch.path, `seed-${seed}`)
      const place: Place = {content: join(folder, 'content'), theme: join(folder, 'theme')}
      await generateArchive(12, place.content)
      // Files an hour old, as an archive's are: the dev engine takes them from memory, not
      // from the disk, while their size, times and inode stay the same.
      const hourAgo = new Date(Date.now() - 3_600_000)
      for (const entry of await readdir(place.content, {recursive: true, withFileTypes: true})) {
        if (entry.isFile()) await utimes(join(entry.parentPath, entry.name), hourAgo, hourAgo)
      }
      await cp(join(root, 'layouts'), place.theme, {recursive: true})
      const options = {
        content: place.content,
        layouts: place.theme,
        cwd: folder,
        out: join(folder, 'unused')
      }
      const state = createBuildState()
      await buildSite(options, state)
      await build({...options, out: join(folder, 'incremental'), cache: '.cache', search: false})

      const next = random(seed)
      const names = Object.keys(edits)
      let before = await snapshot(place.content)
      for (let step = 0; step < 8; step++) {
        const done = await edits[pick(names, next)]?.(place, next)
        // The dev engine hears what changed as its watcher would, and looks at nothing else.
        const after = await snapshot(place.content)
        const dev = await buildSite(options, state, watched(before, after))
        before = after
        const fresh = await buildSite(options)
        expect(report(dev.files), `${step}: ${done}`).toBe(report(fresh.files))
        const [mine, theirs] = [bytes(dev), bytes(fresh)]
        expect(
          [...mine.keys()].filter((path) => mine.get(path) !== theirs.get(path)),
          `${step}: ${done}`
        ).toEqual([])
        expect(mine, `${step}: ${done}`).toEqual(theirs)

        expect(dev.ok, `${step}: ${done}`).toBe(true)
        const cached = await build({
          ...options,
          out: join(folder, 'incremental'),
          cache: '.cache',
          search: false
        })
        const scratchBuild = await build({...options, out: join(folder, 'fresh'), search: false})
        expect(cached.ok, `${step}: ${done}`).toBe(scratchBuild.ok)
        expect(report(cached.files), `${step}: ${done}`).toBe(report(scratchBuild.files))
        if (cached.ok)
          expect(await readTree(join(folder, 'incremental')), `${step}: ${done}`).toEqual(
            await readTree(join(folder, 'fresh'))
          )
      }
    }, 120_000)
  }
})

describe('the oracle', () => {
  // The store records what each step reads; a test build of the engine that leaves one kind of
  // dependency out (the issues' summaries) must give other bytes than a fresh build, and the
  // oracle must see it, or it could not catch a forgotten input.
  it('fails when the engine leaves a recorded dependency out', async () => {
    const folder = join(scratch.path, 'forgetful')
    const place: Place = {content: join(folder, 'content'), theme: join(root, 'layouts')}
    await generateArchive(12, place.content)
    const options = {content: place.content, cwd: folder, out: join(folder, 'unused')}
    const differing = async (forget?: (id: string) => boolean): Promise<string[]> => {
      const state = createBuildState(createLayoutState({code: '', ...(forget ? {forget} : {})}))
      await buildSite(options, state)
      await edits.title?.(place, random(3))
      const [mine, theirs] = [
        bytes(await buildSite(options, state)),
        bytes(await buildSite(options))
      ]
      return [...theirs.keys()].filter((path) => mine.get(path) !== theirs.get(path))
    }
    expect(await differing()).toEqual([])
    const stale = await differing((id) => id.startsWith('summary '))
    expect(stale.length).toBeGreaterThan(0)
    expect(stale).toContain('fr/index.html')
  })
})
