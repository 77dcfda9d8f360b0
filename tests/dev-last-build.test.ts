/**
 * `npm run dev` after `npm run build`: the first build takes the files the
 * last build left as they were instead of laying them out again, and
 * serves the same bytes as a dev server that starts from nothing, before
 * and after a save, search index included.
 */
import {cp, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cli} from './helpers/cli.ts'
import {startDev, type DevProcess} from './helpers/dev.ts'
import {listTree, temporaryFolder} from './helpers/site.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
let scratch: {path: string; remove: () => Promise<void>}
let built: DevProcess | undefined
let fresh: DevProcess | undefined

beforeAll(async () => {
  scratch = await temporaryFolder()
  for (const site of ['built', 'fresh'])
    await cp(
      join(root, 'tests', 'fixtures', 'valid-site', 'content'),
      join(scratch.path, site, 'content'),
      {recursive: true}
    )
  expect((await cli(['build'], join(scratch.path, 'built'))).code).toBe(0)
}, 60_000)
afterAll(async () => {
  await built?.stop()
  await fresh?.stop()
  await scratch.remove()
})

const body = async (server: DevProcess, path: string): Promise<string> =>
  (await fetch(new URL(path, server.url))).text()

/** Every file of the built site but the search index, as both servers serve it. */
async function compareSites(a: DevProcess, b: DevProcess): Promise<void> {
  const paths = (await listTree(join(scratch.path, 'built', 'dist'))).filter(
    (path) => !path.startsWith('pagefind/') && !path.startsWith('.')
  )
  expect(paths.length).toBeGreaterThan(10)
  for (const path of paths) expect(await body(a, path), path).toBe(await body(b, path))
}

/** Add `sentence` to issue 1 in both sites, and wait for each server's reload. */
async function saveBoth(built: DevProcess, fresh: DevProcess, sentence: string): Promise<void> {
  for (const [server, site] of [
    [built, 'built'],
    [fresh, 'fresh']
  ] as const) {
    const since = server.events.length
    const path = join(scratch.path, site, 'content', 'issues', '2020-04-02', 'fr.md')
    await writeFile(path, `${await readFile(path, 'utf8')}\n${sentence}\n`)
    await server.waitForEvent((event) => event.event === 'reload', since)
  }
}

describe('npm run dev after npm run build', () => {
  it('takes what the build left, and serves the bytes of a dev server started from nothing', async () => {
    built = await startDev('content', join(scratch.path, 'built'))
    fresh = await startDev('content', join(scratch.path, 'fresh'))
    await built.waitForEvent((event) => event.event === 'problems')
    await fresh.waitForEvent((event) => event.event === 'problems')
    expect(built.output()).toMatch(/changed, \d+ of them as the last build left them/)
    expect(fresh.output()).not.toContain('as the last build left them')
    await compareSites(built, fresh)

    await saveBoth(built, fresh, 'Une phrase de plus.')
    await compareSites(built, fresh)
    expect(await body(built, 'fr/numeros/1/')).toContain('Une phrase de plus.')

    const indexed = (server: DevProcess): number =>
      server.output().split('Search index refreshed').length - 1
    await expect.poll(() => indexed(built as DevProcess), {timeout: 30_000}).toBeGreaterThan(0)
    await expect.poll(() => indexed(fresh as DevProcess), {timeout: 30_000}).toBeGreaterThan(0)
    await expect
      .poll(async () => body(built as DevProcess, 'pagefind/pagefind-entry.json'), {
        timeout: 30_000
      })
      .toBe(await body(fresh, 'pagefind/pagefind-entry.json'))
  })

  it('lays everything out again when a file it took from the build changed there since', async () => {
    if (!built || !fresh) throw new Error('The servers did not start')
    const page = join(scratch.path, 'built', 'dist', '404.html')
    const before = await readFile(page, 'utf8')
    // Written again in place, as a hand or another tool would: the dev server must not serve it.
    await writeFile(page, before.replace('</body>', '<p>Planted</p></body>'))
    const since = (built as DevProcess).events.length
    const response = await fetch(new URL('404.html', built.url))
    expect(response.status).toBe(503)
    expect(await response.text()).not.toContain('Planted')
    await built.waitForEvent((event) => event.event === 'problems', since)
    await expect
      .poll(async () => body(built as DevProcess, '404.html'), {timeout: 30_000})
      .toBe(await body(fresh, '404.html'))
    await compareSites(built, fresh)
  })

  it('does not index a kept page that changed in dist/ since, and lays everything out', async () => {
    await built?.stop()
    expect((await cli(['build'], join(scratch.path, 'built'))).code).toBe(0)
    const server = await startDev('content', join(scratch.path, 'built'))
    built = server
    if (!fresh) throw new Error('The server did not start')
    // The first build's own reload (every page, new to the server) is not the one awaited below.
    await server.waitForEvent((event) => event.event === 'reload')
    const page = join(scratch.path, 'built', 'dist', 'fr', 'numeros', '2', 'index.html')
    await writeFile(
      page,
      (await readFile(page, 'utf8')).replace('</body>', '<p>Planted</p></body>')
    )
    // A save of issue 1 has Pagefind index its shard again, issue 2's kept page with it.
    const before = server.events.length
    await saveBoth(server, fresh, 'Encore une phrase.')
    // The refresh found the page changed and asked for a build that lays out every page.
    await server.waitForEvent(
      (event) => event.event === 'reload' && JSON.stringify(event.data).includes('/fr/numeros/2/'),
      before
    )
    expect(await body(server, 'fr/numeros/2/')).not.toContain('Planted')
    await compareSites(server, fresh)
  }, 60_000)
})
