import {execFile} from 'node:child_process'
import {cp, readFile, rm, utimes, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cli} from './helpers/cli.ts'
import {temporaryFolder} from './helpers/site.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const run = promisify(execFile)
let scratch: {path: string; remove: () => Promise<void>}
beforeAll(async () => {
  scratch = await temporaryFolder()
})
afterAll(() => scratch.remove())

/** Commit everything in `folder` at a given day. */
async function commit(folder: string, day: string): Promise<void> {
  const date = `${day}T12:00:00Z`
  const env = {
    ...process.env,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
    GIT_AUTHOR_NAME: 'Writer',
    GIT_AUTHOR_EMAIL: 'w@example.org',
    GIT_COMMITTER_NAME: 'Writer',
    GIT_COMMITTER_EMAIL: 'w@example.org'
  }
  await run('git', ['add', '-A'], {cwd: folder, env})
  await run('git', ['commit', '-q', '-m', day], {cwd: folder, env})
}

interface Status {
  issue: number
  languages: Record<
    string,
    {
      state: string
      changed?: string
      outdated?: boolean
      missingSections?: string[]
      draft?: boolean
      sections?: Record<string, unknown>[]
    }
  >
}

describe('npm run status', () => {
  it('tells from git which translations are older than their original, and which sections they lack', async () => {
    const repo = join(scratch.path, 'repo')
    await cp(join(root, 'tests', 'fixtures', 'valid-site', 'content'), join(repo, 'content'), {
      recursive: true
    })
    await run('git', ['init', '-q'], {cwd: repo})
    await commit(repo, '2020-04-11')
    const original = join(repo, 'content', 'issues', '2020-04-10', 'fr.md')
    await writeFile(
      original,
      (await readFile(original, 'utf8')).replace(
        'La préfecture mobilisée',
        'La préfecture en action'
      )
    )
    await commit(repo, '2020-04-12')
    const english = join(repo, 'content', 'issues', '2020-04-02', 'en.md')
    await writeFile(
      english,
      (await readFile(english, 'utf8')).replace(
        /\n---DRH\ntitle: Second HR article\n---\nA second article from the same directorate.\n/,
        '\n'
      )
    )
    await commit(repo, '2020-04-13')

    const result = await cli(['status', '--json'], repo)
    expect(result.code).toBe(0)
    const statuses = JSON.parse(result.stdout) as Status[]
    expect(statuses.map((status) => status.issue)).toEqual([1, 2])
    expect(statuses[0]?.languages.en).toMatchObject({
      state: 'translation',
      changed: '2020-04-13',
      outdated: false,
      missingSections: ['drh-2']
    })
    expect(statuses[1]?.languages.fr).toMatchObject({state: 'original', changed: '2020-04-12'})
    expect(statuses[1]?.languages.en).toMatchObject({
      state: 'translation',
      changed: '2020-04-11',
      outdated: true,
      missingSections: []
    })

    const plain = await cli(['status'], repo)
    expect(plain.stdout).toContain('No. 1    2020-04-02  fr: original   en: missing section drh-2')
    expect(plain.stdout).toContain(
      'No. 2    2020-04-10  fr: original   en: older than the original (2020-04-11 < 2020-04-12)'
    )
    expect(plain.stdout).toContain('2 issues, 2 with translation work left: No. 1, No. 2')
  })

  it('tells by the commits of its lines which translated section is older than its original’s', async () => {
    const repo = join(scratch.path, 'sections')
    await cp(join(root, 'tests', 'fixtures', 'valid-site', 'content'), join(repo, 'content'), {
      recursive: true
    })
    await run('git', ['init', '-q'], {cwd: repo})
    await commit(repo, '2020-04-11')
    const edit = async (lang: string, from: string, to: string): Promise<void> => {
      const path = join(repo, 'content', 'issues', '2020-04-02', `${lang}.md`)
      await writeFile(path, (await readFile(path, 'utf8')).replace(from, to))
    }
    // The original's DNUM article changes, then the translator updates only the DRH one.
    await edit('fr', 'ont une capacité', 'ont désormais une capacité')
    await commit(repo, '2020-04-14')
    await edit('en', 'See also', 'Also see')
    await commit(repo, '2020-04-15')

    const statuses = JSON.parse((await cli(['status', '--json'], repo)).stdout) as Status[]
    const english = statuses[0]?.languages.en
    // By file, the translation is newer; by section, its DNUM article is not.
    expect(english).toMatchObject({changed: '2020-04-15', outdated: false})
    expect(english?.sections).toEqual([
      {
        id: 'dnum',
        directorate: 'DNUM',
        line: 7,
        originalLine: 9,
        changed: '2020-04-11',
        originalChanged: '2020-04-14',
        outdated: true,
        missingFigures: [],
        addedFigures: []
      },
      {
        id: 'drh',
        directorate: 'DRH',
        line: 20,
        originalLine: 22,
        changed: '2020-04-15',
        originalChanged: '2020-04-11',
        outdated: false,
        missingFigures: [],
        addedFigures: []
      },
      {
        id: 'drh-2',
        directorate: 'DRH',
        line: 25,
        originalLine: 27,
        changed: '2020-04-11',
        originalChanged: '2020-04-11',
        outdated: false,
        missingFigures: [],
        addedFigures: []
      }
    ])
    expect((await cli(['status'], repo)).stdout).toContain(
      'No. 1    2020-04-02  fr: original   en: older than the original in dnum'
    )
    const check = await cli(['check'], repo)
    expect(check.code).toBe(0)
    expect(check.stderr).toContain(
      'content/issues/2020-04-02/en.md:7:1  warning  Section `dnum` is older than its original (DNUM, content/issues/2020-04-02/fr.md:9:1, changed 2020-04-14): its text here last changed 2020-04-11; translate what changed  outdated-section'
    )
    expect(check.stderr).not.toContain('Section `drh`')

    // A change not committed yet counts as made now.
    await edit('en', 'can telework', 'can work from home')
    const now = JSON.parse((await cli(['status', '--json'], repo)).stdout) as Status[]
    expect(now[0]?.languages.en?.sections?.[0]).toMatchObject({id: 'dnum', outdated: false})
  })

  it('reports per section the figures a translation lacks or adds', async () => {
    const content = join(scratch.path, 'figures')
    await cp(join(root, 'tests', 'fixtures', 'translation-figures', 'content'), content, {
      recursive: true
    })
    const statuses = JSON.parse(
      (await cli(['status', '--json', '--content', 'figures'], scratch.path)).stdout
    ) as Status[]
    expect(
      statuses[0]?.languages.en?.sections?.map(({id, missingFigures, addedFigures}) => ({
        id,
        missingFigures,
        addedFigures
      }))
    ).toEqual([
      {id: 'dnum', missingFigures: [], addedFigures: []},
      {id: 'drh', missingFigures: ['1 200'], addedFigures: []},
      {id: 'pref-75', missingFigures: [], addedFigures: ['01', '23', '45', '67', '89']}
    ])
    expect((await cli(['status', '--content', 'figures'], scratch.path)).stdout).toContain(
      'figures differ in drh, pref-75'
    )
  })

  it('uses the files’ times outside git, and shows missing translations and drafts', async () => {
    const content = join(scratch.path, 'plain')
    await cp(join(root, 'tests', 'fixtures', 'valid-site', 'content'), content, {recursive: true})
    await rm(join(content, 'issues', '2020-04-02', 'en.md'))
    const english = join(content, 'issues', '2020-04-10', 'en.md')
    await writeFile(
      english,
      (await readFile(english, 'utf8')).replace('---\n', '---\ndraft: true\n')
    )
    await utimes(
      join(content, 'issues', '2020-04-10', 'fr.md'),
      new Date('2021-05-01T12:00:00Z'),
      new Date('2021-05-01T12:00:00Z')
    )
    await utimes(english, new Date('2021-06-01T12:00:00Z'), new Date('2021-06-01T12:00:00Z'))

    const statuses = JSON.parse(
      (await cli(['status', '--json', '--content', 'plain'], scratch.path)).stdout
    ) as Status[]
    expect(statuses[0]?.languages.en).toEqual({state: 'missing'})
    expect(statuses[1]?.languages.en).toMatchObject({
      changed: '2021-06-01',
      outdated: false,
      draft: true
    })
    expect((await cli(['status', '--content', 'plain'], scratch.path)).stdout).toContain(
      'en: translated, draft'
    )
  })
})
