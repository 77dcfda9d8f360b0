/**
 * Bulletin as a content repository installs it: packed with `npm pack`
 * (which compiles it), installed from the tarball into a fresh folder that
 * holds only a `package.json` and a `content/`, and run as `npx bulletin`.
 * The installed tool runs compiled JavaScript, without tsx or TypeScript.
 */
import {execFile} from 'node:child_process'
import {cp, readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {temporaryFolder} from './helpers/site.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
let scratch: {path: string; remove: () => Promise<void>}
let site: string

/** `npx bulletin …` in the content repository. */
const bulletin = (...args: string[]) =>
  run('npx', ['--no-install', 'bulletin', ...args], {
    cwd: site,
    env: {...process.env, NO_COLOR: '1'}
  })

beforeAll(async () => {
  scratch = await temporaryFolder()
  site = join(scratch.path, 'site')
  await run('npm', ['pack', '--silent', '--pack-destination', scratch.path], {cwd: root})
  const tarball = (await readdir(scratch.path)).find((name) => name.endsWith('.tgz'))
  expect(tarball).toBeDefined()
  await cp(join(root, 'content'), join(site, 'content'), {recursive: true})
  await writeFile(join(site, 'package.json'), JSON.stringify({name: 'my-bulletin', private: true}))
  // The dependencies come from npm's cache, filled by the install of this repository.
  await run(
    'npm',
    [
      'install',
      '--save-dev',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      join(scratch.path, tarball!)
    ],
    {cwd: site}
  )
}, 300_000)
afterAll(() => scratch.remove())

describe('the packed `bulletin` command, installed in a content repository', () => {
  it('runs compiled code only', async () => {
    const installed = join(site, 'node_modules', 'bulletin')
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8'))
    expect(manifest.bin).toEqual({bulletin: 'lib/src/cli/main.js'})
    const files = await readdir(installed, {recursive: true})
    expect(files.filter((name) => name.endsWith('.ts'))).toEqual([])
    expect(files).toContain(join('lib', 'layouts', 'style.css'))
    expect(await readdir(join(site, 'node_modules'))).not.toContain('tsx')
  })

  it('answers --version', async () => {
    const {stdout} = await bulletin('--version')
    expect(stdout).toMatch(/^bulletin \d+\.\d+\.\d+ \(Node v\d+/)
  })

  it('builds the site, checks the content and searches it as JSON', async () => {
    const built = await bulletin('build')
    expect(built.stdout).toMatch(/^Built \d+ pages/)
    const pages = await readdir(join(site, 'dist', 'fr', 'numeros'))
    expect(pages.length).toBeGreaterThan(1)
    expect(await readdir(join(site, 'dist', 'pagefind'))).toContain('pagefind-entry.json')

    const checked = await bulletin('check')
    expect(checked.stdout).toMatch(/^Checked 4 issue files/)

    const {stdout} = await bulletin('search', 'masques', '--json')
    const results = JSON.parse(stdout) as {issue: number; lang: string; url: string}[]
    expect(results.length).toBeGreaterThan(0)
    expect(results.every((result) => result.lang === 'fr' || result.lang === 'en')).toBe(true)
    expect(results[0]!.url).toMatch(/^(fr|en)\//)
  })
})
