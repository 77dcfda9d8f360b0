/**
 * The output folder is Bulletin's own: it replaces only a folder it made,
 * never what is precious, keeps the user's permissions, publishes through a
 * symbolic link, is never missing, and is written by one build at a time.
 */
import {spawn} from 'node:child_process'
import {
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  stat,
  symlink,
  utimes,
  writeFile
} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {generateArchive} from '../scripts/generate-archive.ts'
import {build} from '../src/engine/build.ts'
import {checkOutputFolder, markerName, recoverSwap} from '../src/engine/output-folder.ts'
import {cli} from './helpers/cli.ts'
import {fixtureContent, readTree, temporaryFolder} from './helpers/site.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const scratch = await temporaryFolder()
afterAll(() => scratch.remove())

/** A project folder with the valid fixture as its content, and a git repository. */
async function project(name: string): Promise<string> {
  const folder = join(scratch.path, name)
  await cp(fixtureContent('valid-site'), join(folder, 'content'), {recursive: true})
  await mkdir(join(folder, '.git', 'objects'), {recursive: true})
  await writeFile(join(folder, '.git', 'HEAD'), 'ref: refs/heads/main\n')
  return folder
}

describe('what may be replaced', () => {
  it('refuses every folder that is, holds or lies in something precious, and leaves it as it was', async () => {
    const folder = await project('precious')
    const before = await readTree(folder)
    const refusals: [string, RegExp][] = [
      ['.git', /lies in a git repository's \.git folder|holds files that Bulletin did not make/],
      ['.git/objects', /\.git folder/],
      ['content', /content folder/],
      ['content/issues', /content folder/],
      ['.cache/bulletin', /cache folder/],
      ['.cache', /cache folder/],
      ['.', /current folder|content folder/],
      ['..', /current folder|content folder/],
      ['/', /root of a file system/]
    ]
    for (const [out, expected] of refusals) {
      const result = await cli(['build', '--out', out], folder)
      expect(result.code, out).toBe(2)
      expect(result.stderr, out).toMatch(expected)
    }
    expect(await readTree(folder)).toEqual(before)
  })

  it("refuses the home folder and a repository, and a folder of the user's with files in it", async () => {
    const folder = await project('mine')
    const home = join(scratch.path, 'home')
    await mkdir(join(home, 'notes'), {recursive: true})
    await writeFile(join(home, 'notes', 'todo.txt'), 'mine')
    await mkdir(join(folder, 'site'))
    await writeFile(join(folder, 'site', 'index.html'), 'made by hand')
    const guarded = {content: join(folder, 'content'), layouts: join(root, 'layouts'), cwd: folder}
    const previous = process.env.HOME
    process.env.HOME = home
    try {
      expect(() => checkOutputFolder('~', home, guarded)).toThrow(/home folder/)
      expect(() => checkOutputFolder('..', scratch.path, guarded)).toThrow(
        /home folder|current folder/
      )
    } finally {
      process.env.HOME = previous
    }
    const repository = join(scratch.path, 'repository')
    await mkdir(join(repository, '.git'), {recursive: true})
    expect(() =>
      checkOutputFolder('repository', repository, {...guarded, cwd: scratch.path})
    ).toThrow(/is a git repository/)
    expect(() => checkOutputFolder('site', join(folder, 'site'), guarded)).toThrow(
      /holds files that Bulletin did not make \(it has no \.bulletin-output file\)/
    )
    const result = await cli(['build', '--out', 'site'], folder)
    expect(result.code).toBe(2)
    expect(await readFile(join(folder, 'site', 'index.html'), 'utf8')).toBe('made by hand')
    expect(await readFile(join(home, 'notes', 'todo.txt'), 'utf8')).toBe('mine')
  })

  it('takes a folder that is missing, empty, or its own', async () => {
    const folder = await project('own')
    await mkdir(join(folder, 'empty'))
    for (const out of ['missing/deeper', 'empty']) {
      expect((await build({content: 'content', out, cwd: folder})).ok, out).toBe(true)
      expect((await build({content: 'content', out, cwd: folder})).ok, out).toBe(true)
      expect((await readFile(join(folder, out, markerName), 'utf8')).split('\n')[1]).toBe('site')
    }
  })

  it('gives the output the permissions of a folder the user makes', async () => {
    const folder = await project('modes')
    const result = await cli(['build', '--out', 'dist'], folder)
    expect(result.code).toBe(0)
    const made = join(folder, 'made-by-hand')
    await mkdir(made)
    const expected = (await stat(made)).mode & 0o777
    expect(expected).not.toBe(0o700)
    expect((await stat(join(folder, 'dist'))).mode & 0o777).toBe(expected)
    expect((await stat(join(folder, 'dist', 'fr'))).mode & 0o777).toBe(expected)
  })
})

describe('a symbolic link as output folder', () => {
  it('publishes through it: the folder it points to gets the new site, and the link stays', async () => {
    const folder = await project('linked')
    const served = join(scratch.path, 'www', 'bulletin')
    await mkdir(served, {recursive: true})
    await symlink(served, join(folder, 'dist'))
    expect((await build({content: 'content', out: 'dist', cwd: folder})).ok).toBe(true)
    expect((await lstat(join(folder, 'dist'))).isSymbolicLink()).toBe(true)
    expect(await readlink(join(folder, 'dist'))).toBe(served)
    expect((await readdir(served)).sort()).toContain('index.html')
    expect((await build({content: 'content', out: 'dist', cwd: folder})).ok).toBe(true)
    expect((await readdir(join(scratch.path, 'www'))).sort()).toEqual(['bulletin'])
  })

  it('refuses a link to nothing, or to a file', async () => {
    const folder = await project('dangling')
    await symlink(join(scratch.path, 'nowhere'), join(folder, 'dist'))
    await writeFile(join(folder, 'file.txt'), 'a file')
    await symlink(join(folder, 'file.txt'), join(folder, 'to-file'))
    await expect(build({content: 'content', out: 'dist', cwd: folder})).rejects.toThrow(
      /symbolic link to nothing/
    )
    await expect(build({content: 'content', out: 'to-file', cwd: folder})).rejects.toThrow(
      /not a folder/
    )
  })
})

describe('the swap', () => {
  it('is mended by the next build when a build died between its two renames', async () => {
    const folder = await project('mended')
    expect((await build({content: 'content', out: 'dist', cwd: folder})).ok).toBe(true)
    const site = await readTree(join(folder, 'dist'))
    // As a build killed after renaming the old site aside leaves it.
    const marker = (role: string): string =>
      `${site.get(markerName)?.toString().split('\n')[0]}\n${role}\n`
    await cp(join(folder, 'dist'), join(folder, 'dist.tmp-00000000000a'), {recursive: true})
    await writeFile(join(folder, 'dist.tmp-00000000000a', markerName), marker('site'))
    await cp(join(folder, 'dist'), join(folder, 'dist.old-00000000000a'), {recursive: true})
    await writeFile(
      join(folder, 'dist.old-00000000000a', markerName),
      marker('retired 00000000000a')
    )
    await cp(join(folder, 'dist'), join(scratch.path, 'mended-copy'), {recursive: true})
    await import('node:fs/promises').then(({rm}) => rm(join(folder, 'dist'), {recursive: true}))
    await recoverSwap(join(folder, 'dist'))
    expect(await readTree(join(folder, 'dist'))).toEqual(site)
    expect((await readdir(folder)).filter((name) => name.startsWith('dist')).sort()).toEqual([
      'dist',
      'dist.old-00000000000a'
    ])
    expect((await build({content: 'content', out: 'dist', cwd: folder})).ok).toBe(true)
    expect((await readdir(folder)).filter((name) => name.startsWith('dist'))).toEqual(['dist'])
  })

  it('clears a staging folder killed before its marker was whole, and nothing else of that name', async () => {
    const folder = await project('unmarked')
    await mkdir(join(folder, 'dist.tmp-0000000000aa'))
    await mkdir(join(folder, 'dist.tmp-0000000000bb'))
    await writeFile(join(folder, 'dist.tmp-0000000000bb', markerName), 'This folder was made')
    await mkdir(join(folder, 'dist.tmp-0000000000cc'))
    await writeFile(join(folder, 'dist.tmp-0000000000cc', 'notes.txt'), 'mine')
    expect((await build({content: 'content', out: 'dist', cwd: folder})).ok).toBe(true)
    expect((await readdir(folder)).filter((name) => name.startsWith('dist')).sort()).toEqual([
      'dist',
      'dist.tmp-0000000000cc'
    ])
  })

  it(
    'never leaves the output folder missing or half written when a build is stopped by a signal',
    {timeout: 120_000},
    async () => {
      const folder = join(scratch.path, 'signals')
      await generateArchive(30, join(folder, 'content'))
      expect((await build({content: 'content', out: 'dist', cwd: folder, search: false})).ok).toBe(
        true
      )
      const site = await readTree(join(folder, 'dist'))
      for (const delay of [300, 700, 1100]) {
        const child = spawn(
          process.execPath,
          [
            '--import',
            import.meta.resolve('tsx'),
            join(root, 'src', 'cli.ts'),
            'build',
            '--no-search',
            '--no-cache'
          ],
          {cwd: folder, stdio: 'ignore'}
        )
        const exited = new Promise((done) => child.on('exit', done))
        await new Promise((done) => setTimeout(done, delay))
        child.kill('SIGTERM')
        await exited
        expect(await readTree(join(folder, 'dist')), `stopped after ${delay} ms`).toEqual(site)
      }
    }
  )
})

describe('two builds at once', () => {
  it('into one output folder: the second is refused with who holds it, and the site is whole', async () => {
    const folder = await project('twice')
    const runs = await Promise.allSettled([
      build({content: 'content', out: 'dist', cwd: folder}),
      build({content: 'content', out: 'dist', cwd: folder})
    ])
    expect(runs.map((run) => run.status).sort()).toEqual(['fulfilled', 'rejected'])
    const refused = runs.find((run) => run.status === 'rejected')
    expect(String(refused?.status === 'rejected' ? refused.reason : '')).toMatch(
      new RegExp(
        `Another build holds the output folder dist \\(process ${process.pid} on .*\\): wait for it to end`
      )
    )
    const fresh = join(scratch.path, 'twice-fresh')
    expect((await build({content: join(folder, 'content'), out: fresh, cwd: folder})).ok).toBe(true)
    expect(await readTree(join(folder, 'dist'))).toEqual(await readTree(fresh))
    expect((await readdir(folder)).sort()).toEqual(['.git', 'content', 'dist'])
  })

  it('sharing one cache folder: the second is refused', async () => {
    const folder = await project('cache-twice')
    const cache = '.cache/bulletin'
    const runs = await Promise.allSettled([
      build({content: 'content', out: 'one', cwd: folder, cache}),
      build({content: 'content', out: 'two', cwd: folder, cache})
    ])
    const refused = runs.find((run) => run.status === 'rejected')
    expect(String(refused?.status === 'rejected' ? refused.reason : '')).toMatch(
      /Another build holds the cache folder \.cache\/bulletin/
    )
    expect(runs.filter((run) => run.status === 'fulfilled')).toHaveLength(1)
  })

  it('a lock left by a killed build does not block: a dead process, or a lock file half written long ago', async () => {
    const folder = await project('stale')
    const dead = spawn(process.execPath, ['-e', ''])
    const pid = dead.pid
    await new Promise((done) => dead.on('exit', done))
    const lock = join(folder, '.dist.lock')
    await writeFile(
      lock,
      `${JSON.stringify({pid, host: (await import('node:os')).hostname(), since: new Date().toISOString(), token: 'x'})}\n`
    )
    expect((await build({content: 'content', out: 'dist', cwd: folder})).ok).toBe(true)
    await writeFile(lock, '{"pid":')
    await expect(build({content: 'content', out: 'dist', cwd: folder})).rejects.toThrow(
      /Another build holds/
    )
    await utimes(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
    expect((await build({content: 'content', out: 'dist', cwd: folder})).ok).toBe(true)
    expect((await readdir(folder)).sort()).toEqual(['.git', 'content', 'dist'])
  })

  it("a file of the user's where the lock goes is not taken for a lock, nor removed", async () => {
    const folder = await project('not-a-lock')
    await writeFile(join(folder, '.dist.lock'), 'my notes')
    await utimes(join(folder, '.dist.lock'), new Date(0), new Date(0))
    await expect(build({content: 'content', out: 'dist', cwd: folder})).rejects.toThrow(
      /is not a lock of Bulletin's: move it away/
    )
    expect(await readFile(join(folder, '.dist.lock'), 'utf8')).toBe('my notes')
  })
})
