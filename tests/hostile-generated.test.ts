/**
 * Hostile cases too big or too machine-specific to keep as files: made at
 * test time, each with its exact outcome.
 */
import {spawn} from 'node:child_process'
import {cp, mkdir, readdir, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {generateArchive} from '../scripts/generate-archive.ts'
import {build} from '../src/engine/build.ts'
import {report} from '../src/model/report.ts'
import {readTree, temporaryFolder} from './helpers/site.ts'

const scratch = await temporaryFolder()
afterAll(() => scratch.remove())
const siteYml = fileURLToPath(new URL('hostile/site.yml', import.meta.url))

/** A site in a folder of its own, with `issues` written as given. */
async function site(name: string, issues: Record<string, string>): Promise<string> {
  const root = join(scratch.path, name)
  await cp(siteYml, join(root, 'content', 'site.yml'))
  for (const [path, text] of Object.entries(issues)) {
    await mkdir(join(root, 'content', 'issues', path, '..'), {recursive: true})
    await writeFile(join(root, 'content', 'issues', path), text)
  }
  return root
}

const header = (issue: number): string =>
  `---\nissue: ${issue}\ndate: 2020-04-0${issue}\ntitle: Numéro ${issue}\n`

describe('oversized input', () => {
  it('refuses a 10 MB file and front matters of 3 MB and 300 KB at once, with what was expected', async () => {
    const paragraph = `${'Lorem ipsum dolor sit amet, *consectetur* adipiscing elit. '.repeat(20)}\n\n`
    const root = await site('oversized', {
      'a/fr.md': `${header(1)}---\n${paragraph.repeat(Math.ceil(10_000_000 / paragraph.length))}`,
      // Unique keys are checked in quadratic time: this would hang the YAML parser.
      'b/fr.md': `${header(2)}${Array.from({length: 200_000}, (_, index) => `k${index}: ${index}\n`).join('')}---\nTexte.\n`,
      'c/fr.md': `${header(3)}${Array.from({length: 30_000}, (_, index) => `k${index}: ${index}\n`).join('')}---\nTexte.\n`
    })
    const result = await build({content: 'content', out: 'dist', cwd: root})
    expect(result.ok).toBe(false)
    expect(report(result.files)).toBe(
      [
        'content/issues/a/fr.md      error    The file weighs 9.5 MB: text files are read up to 1 MB (an issue weighs some 20 KB); put large documents beside it as attachments  file-too-large',
        'content/issues/b/fr.md      error    The file weighs 2.8 MB: text files are read up to 1 MB (an issue weighs some 20 KB); put large documents beside it as attachments  file-too-large',
        'content/issues/c/fr.md:2:1  error    This YAML block is 388 KB long: at most 64 KB is read, as a front matter holds a few fields  yaml-too-long',
        '',
        '3 errors',
        ''
      ].join('\n')
    )
  })
})

describe('symbolic links', () => {
  it('never reads through a link that leaves the content folder', async () => {
    const root = await site('links', {
      'a/fr.md': `${header(1)}---\n![secret](secret.png) [notes](notes/secret.pdf)\n`,
      'a/en.md': '---\ntitle: One\n---\nText.\n'
    })
    await writeFile(join(scratch.path, 'secret.png'), 'TOP SECRET IMAGE')
    await mkdir(join(scratch.path, 'notes'), {recursive: true})
    await writeFile(join(scratch.path, 'notes', 'secret.pdf'), 'TOP SECRET PDF')
    await symlink(
      join(scratch.path, 'secret.png'),
      join(root, 'content', 'issues', 'a', 'secret.png')
    )
    await symlink(join(scratch.path, 'notes'), join(root, 'content', 'issues', 'a', 'notes'))
    await symlink(join(scratch.path, 'notes'), join(root, 'content', 'issues', 'b'))

    const result = await build({content: 'content', out: 'dist', cwd: root})
    expect(report(result.files)).toBe(
      [
        'content/issues/a/fr.md:6:1   error    No file `secret.png` in the issue folder for `secret.png`  broken-image',
        'content/issues/a/fr.md:6:23  error    No file `notes/secret.pdf` in the issue folder for `notes/secret.pdf`  broken-link',
        'content/issues/a/notes       error    Symbolic link to a place outside the content folder: it is not read  outside-content',
        'content/issues/a/secret.png  error    Symbolic link to a place outside the content folder: it is not read  outside-content',
        'content/issues/b             error    Symbolic link to a place outside the content folder: it is not read  outside-content',
        '',
        '5 errors',
        ''
      ].join('\n')
    )
    expect(await readdir(root)).toEqual(['content'])
  })

  it('reports a link to a folder that holds it, and an issues folder that is a file, and reads the rest', async () => {
    const root = await site('loops', {'a/fr.md': `${header(1)}---\nTexte.\n`})
    await symlink('.', join(root, 'content', 'issues', 'a', 'self'))
    await symlink('loop', join(root, 'content', 'issues', 'loop'))
    const result = await build({content: 'content', out: 'dist', cwd: root})
    expect(report(result.files)).toMatch(
      /content\/issues\/a\/self +error +Symbolic link to a folder that holds it: it is not read {2}link-loop/
    )
    expect(report(result.files)).toMatch(
      /content\/issues\/loop +error +Symbolic link to a place outside the content folder/
    )

    const flat = await site('issues-file', {})
    await writeFile(join(flat, 'content', 'issues'), 'not a folder')
    const refused = await build({content: 'content', out: 'dist', cwd: flat})
    expect(report(refused.files)).toMatch(
      /content\/issues +error +Cannot read this folder \(ENOTDIR\)/
    )
  })
})

describe('a build killed halfway', () => {
  it('leaves the previous site whole, and the next build clean', {timeout: 120_000}, async () => {
    const root = join(scratch.path, 'killed')
    await generateArchive(60, join(root, 'content'))
    expect((await build({content: 'content', out: 'dist', cwd: root, search: false})).ok).toBe(true)
    const before = await readTree(join(root, 'dist'))

    // Kill the next build while it writes.
    const child = spawn(
      process.execPath,
      [
        '--import',
        import.meta.resolve('tsx'),
        fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)),
        'build',
        '--no-search',
        '--no-cache'
      ],
      {cwd: root, stdio: 'ignore'}
    )
    let running = true
    const exited = new Promise((done) => child.on('exit', done)).then(() => (running = false))
    while (!(await readdir(root)).some((name) => name.startsWith('dist.tmp-'))) {
      if (!running) throw new Error('The build ended before it wrote')
      await new Promise((done) => setTimeout(done, 2))
    }
    child.kill('SIGKILL')
    await exited
    expect(
      (await readdir(root)).some((name) => name.startsWith('dist.tmp-')),
      'the build was killed while it wrote'
    ).toBe(true)
    expect(await readTree(join(root, 'dist'))).toEqual(before)

    expect((await build({content: 'content', out: 'dist', cwd: root, search: false})).ok).toBe(true)
    expect((await readdir(root)).sort()).toEqual(['content', 'dist'])
    expect(await readTree(join(root, 'dist'))).toEqual(before)
  })
})
