import {cp, mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../src/engine/build.ts'
import {cli as runCli, type CommandResult} from './helpers/cli.ts'
import {fixtureContent, readTree, temporaryFolder} from './helpers/site.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const fixture = fixtureContent
let scratch: {path: string; remove: () => Promise<void>}
beforeAll(async () => {
  scratch = await temporaryFolder()
})
afterAll(() => scratch.remove())

const cli = (args: string[], env: Record<string, string> = {}): Promise<CommandResult> =>
  runCli(args, scratch.path, env)

describe('output folder', () => {
  it('a failed build leaves the previous site exactly as it was', async () => {
    const out = join(scratch.path, 'kept')
    expect((await build({content: fixture('valid-site'), out, cwd: root})).ok).toBe(true)
    const before = await readTree(out)
    const failed = await build({content: fixture('section-errors'), out, cwd: root})
    expect(failed.ok).toBe(false)
    expect(await readTree(out)).toEqual(before)
  })

  it('a build that fails once its pages are staged leaves the site as it was, and no stage', async () => {
    const out = join(scratch.path, 'staged')
    expect((await build({content: fixture('valid-site'), out, cwd: root})).ok).toBe(true)
    const before = await readTree(out)
    // Two pages on one path are found after the layout, which has staged them.
    const failed = await build({content: fixture('output-collision'), out, cwd: root})
    expect(failed.ok).toBe(false)
    expect(
      failed.files.flatMap((file) => file.messages.map((message) => message.ruleId))
    ).toContain('output-collision')
    expect(await readTree(out)).toEqual(before)
    expect((await readdir(scratch.path)).filter((name) => name.startsWith('staged.'))).toEqual([])
  })

  it('a new build replaces the old site whole, and clears what a killed build left', async () => {
    const out = join(scratch.path, 'replaced')
    expect((await build({content: fixture('valid-site'), out, cwd: root})).ok).toBe(true)
    await mkdir(join(out, 'stale'), {recursive: true})
    await writeFile(join(out, 'stale', 'old.html'), 'old')
    // What a killed build leaves: a staging folder, marked as that very folder.
    await cp(out, `${out}.tmp-0123456789ab`, {recursive: true})
    await writeFile(
      join(`${out}.tmp-0123456789ab`, '.bulletin-output'),
      `${(await readFile(join(out, '.bulletin-output'), 'utf8')).split('\n')[0]}\nstaging 0123456789ab\n`
    )
    // A folder of the user's with a leftover's name is not a leftover.
    await mkdir(`${out}.old-mine`)
    await writeFile(join(`${out}.old-mine`, 'notes.txt'), 'mine')
    expect((await build({content: fixture('valid-site'), out, cwd: root})).ok).toBe(true)
    expect(
      (await readdir(scratch.path)).filter((name) => name.startsWith('replaced')).sort()
    ).toEqual(['replaced', 'replaced.old-mine'])
    expect((await readdir(out)).sort()).toEqual([
      '.bulletin-output',
      '404.html',
      'assets',
      'en',
      'fr',
      'index.html',
      'media',
      'pagefind'
    ])
    expect(await readFile(join(`${out}.old-mine`, 'notes.txt'), 'utf8')).toBe('mine')
  })

  it('refuses an output folder that holds the content', async () => {
    await expect(
      build({content: fixture('valid-site'), out: join(fixture('valid-site'), '..'), cwd: root})
    ).rejects.toThrow(/would replace/)
  })

  it('a dry run writes nothing', async () => {
    const out = join(scratch.path, 'dry')
    const result = await build({content: fixture('valid-site'), out, cwd: root, dryRun: true})
    expect(result.ok).toBe(true)
    await expect(readdir(out)).rejects.toThrow()
  })
})

describe('determinism', () => {
  it('gives the same bytes whatever the time zone, locale and order of the folders', async () => {
    // The same content, its folders and files created in the opposite order.
    const reversed = join(scratch.path, 'reversed')
    const source = fixture('valid-site')
    await mkdir(join(reversed, 'issues'), {recursive: true})
    await cp(join(source, 'site.yml'), join(reversed, 'site.yml'))
    for (const folder of (await readdir(join(source, 'issues'))).sort().reverse()) {
      await mkdir(join(reversed, 'issues', folder))
      for (const name of (await readdir(join(source, 'issues', folder))).sort().reverse()) {
        await cp(join(source, 'issues', folder, name), join(reversed, 'issues', folder, name), {
          recursive: true
        })
      }
    }
    const first = await cli(['build', '--content', source, '--out', 'one'], {
      TZ: 'Pacific/Kiritimati',
      LANG: 'de_DE.UTF-8',
      LC_ALL: 'de_DE.UTF-8'
    })
    const second = await cli(['build', '--content', reversed, '--out', 'two'], {
      TZ: 'America/Los_Angeles',
      LANG: 'C',
      LC_ALL: 'C'
    })
    expect([first.code, second.code]).toEqual([0, 0])
    const one = await readTree(join(scratch.path, 'one'))
    const two = await readTree(join(scratch.path, 'two'))
    expect(one.size).toBeGreaterThan(5)
    expect([...two.keys()]).toEqual([...one.keys()])
    for (const [path, bytes] of one) expect(two.get(path)?.equals(bytes), path).toBe(true)
  })
})

describe('command line', () => {
  it('documents every option', async () => {
    const result = await cli(['build', '--help'])
    expect(result.code).toBe(0)
    for (const option of ['--content', '--out', '--drafts', '--help'])
      expect(result.stdout).toContain(option)
  })

  it('refuses unknown options with a usage error', async () => {
    const result = await cli(['build', '--outt', 'x'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Unknown option `--outt`: did you mean `--out`?')
  })

  it('prints every problem as path:line:column and exits 1', async () => {
    const result = await cli(['build', '--content', fixture('section-errors'), '--out', 'never'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(
      /section-errors\/content\/issues\/a\/fr\.md:7:1 +error +Unknown directorate `DGSI`.* unknown-directorate/
    )
    expect(result.stderr).toContain('7 errors')
    await expect(readdir(join(scratch.path, 'never'))).rejects.toThrow()
  })

  it('builds and says how many pages it wrote', async () => {
    const result = await cli(['build', '--content', fixture('valid-site'), '--out', 'built'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      /^Built 34 pages \(79 files\) into built in \d+\.\d+ s \(read [\d.]+ s, render [\d.]+ s, layout [\d.]+ s, search [\d.]+ s, write [\d.]+ s\)\n$/
    )
    expect(
      await readFile(join(scratch.path, 'built', 'fr', 'numeros', '1', 'index.html'), 'utf8')
    ).toContain('<html lang="fr" data-print-head="Lettre de test — N° 1, 2 avril 2020">')
  })
})
