/**
 * The case of issue 15, end to end: a copy of Bulletin whose URL scheme is
 * changed in `src/model/routes.ts` builds, with the cache the unchanged
 * copy left, the same bytes as a build without the cache. (The cached
 * build once kept links to `numeros/`, which no longer existed.)
 */
import {execFile} from 'node:child_process'
import {cp, readFile, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {fixtureContent, readTree, temporaryFolder} from './helpers/site.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const tsx = import.meta.resolve('tsx')
let scratch: {path: string; remove: () => Promise<void>}

beforeAll(async () => {
  scratch = await temporaryFolder()
  const copy = join(scratch.path, 'bulletin')
  for (const path of ['src', 'layouts', 'package.json', 'package-lock.json', 'tsconfig.json'])
    await cp(join(root, path), join(copy, path), {recursive: true})
  await symlink(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir')
  await cp(fixtureContent('valid-site'), join(scratch.path, 'site', 'content'), {recursive: true})
})
afterAll(() => scratch.remove())

/** Build the site with the copy of Bulletin, as `npm run build -- …` would. */
const build = (...args: string[]) =>
  run(
    process.execPath,
    ['--import', tsx, join(scratch.path, 'bulletin', 'src', 'cli', 'main.ts'), 'build', ...args],
    {cwd: join(scratch.path, 'site')}
  )

describe('a change to Bulletin’s own code', () => {
  it('gives, with the cache of the code before, the bytes of a build without the cache', async () => {
    await build()
    const before = await readTree(join(scratch.path, 'site', 'dist'))
    expect([...before.keys()].some((path) => path.startsWith('fr/numeros/'))).toBe(true)

    const routes = join(scratch.path, 'bulletin', 'src', 'model', 'routes.ts')
    const text = await readFile(routes, 'utf8')
    expect(text).toContain("issues: 'numeros'")
    await writeFile(routes, text.replace("issues: 'numeros'", "issues: 'numero'"))
    await build()
    await build('--no-cache', '--out', 'fresh')

    const cached = await readTree(join(scratch.path, 'site', 'dist'))
    expect(cached).toEqual(await readTree(join(scratch.path, 'site', 'fresh')))
    expect([...cached.keys()].some((path) => path.startsWith('fr/numero/'))).toBe(true)
    const pages = [...cached].filter(([path]) => path.endsWith('.html'))
    expect(pages.some(([, bytes]) => bytes.toString().includes('/numeros/'))).toBe(false)
  })

  it('to a layout module: the pages it lays out change with it, the same as without the cache', async () => {
    const layout = join(scratch.path, 'bulletin', 'layouts', 'simple.ts')
    const text = await readFile(layout, 'utf8')
    expect(text).toContain("h('h1', messages.searchTitle)")
    await writeFile(
      layout,
      text.replace("h('h1', messages.searchTitle)", "h('h1.changed-layout', messages.searchTitle)")
    )
    await build()
    await build('--no-cache', '--out', 'fresh-layout')
    const cached = await readTree(join(scratch.path, 'site', 'dist'))
    expect(cached).toEqual(await readTree(join(scratch.path, 'site', 'fresh-layout')))
    expect(cached.get('fr/recherche/index.html')?.toString()).toContain('changed-layout')
  })
})
