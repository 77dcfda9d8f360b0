import {cp, mkdir, readFile, rename, rm, symlink, writeFile} from 'node:fs/promises'
import {request} from 'node:http'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {chromium} from 'playwright-core'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startDev, startDevOnFixture, type DevProcess, type SentEvent} from './helpers/dev.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
let scratch: {path: string; remove: () => Promise<void>}
let content: string
let dev: DevProcess

/** GET a raw path, with the headers given: what a browser, or an attacker, sends. */
function get(
  path: string,
  headers: Record<string, string> = {}
): Promise<{status: number; body: string; headers: Record<string, unknown>}> {
  const url = new URL(dev.url)
  return new Promise((done, fail) => {
    const outgoing = request({host: url.hostname, port: url.port, path, headers}, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () =>
        done({status: response.statusCode ?? 0, body, headers: response.headers})
      )
    })
    outgoing.on('error', fail)
    outgoing.end()
  })
}

/** The first event a page that connects now receives. */
function firstEvent(): Promise<string> {
  return new Promise((done, fail) => {
    const outgoing = request(`${dev.url}_bulletin/events`, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString()
        const event = /event: .*\ndata: .*\n\n/.exec(body)
        if (!event) return
        outgoing.destroy()
        done(event[0])
      })
    })
    outgoing.on('error', fail)
    outgoing.end()
  })
}

const file = (folder: string, lang = 'fr'): string => join(content, 'issues', folder, `${lang}.md`)
async function edit(path: string, from: string, to: string): Promise<void> {
  const text = await readFile(path, 'utf8')
  if (!text.includes(from)) throw new Error(`${from} not in ${path}`)
  await writeFile(path, text.replace(from, to))
}
const reloads =
  (path: string) =>
  (event: SentEvent): boolean =>
    event.event === 'reload' && (event.data as {paths: string[]}).paths.includes(path)
const problems = (event: SentEvent): {place: string; severity: string; message: string}[] =>
  (event.data as {problems: {place: string; severity: string; message: string}[]}).problems

beforeAll(async () => {
  const site = await startDevOnFixture('valid-site')
  ;({content, dev} = site)
  scratch = site
}, 60_000)
afterAll(() => scratch?.remove())

describe('npm run dev', () => {
  it('serves the site on the local address, with the live-reload client in every page', async () => {
    expect(dev.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const page = await get('/fr/numeros/1/')
    expect(page.status).toBe(200)
    expect(page.body).toContain('Soyons solidaires\u202f!')
    expect(page.body).toContain('<script src="/_bulletin/live.js" defer></script></head>')
    expect((await get('/_bulletin/live.js')).body).toContain('EventSource')
    expect((await get('/fr/numeros/1')).headers.location).toBe('/fr/numeros/1/')
    const missing = await get('/fr/nulle/part/')
    expect(missing.status).toBe(404)
    expect(missing.body).toContain('data-missing')
  })

  it('rebuilds on a save in place and reloads only the pages that changed', async () => {
    const since = dev.events.length
    await edit(file('2020-04-02'), 'Un second article', 'Un deuxième article')
    const event = await dev.waitForEvent(reloads('/fr/numeros/1/'), since)
    expect((event.data as {paths: string[]}).paths).toEqual(['/fr/numeros/1/'])
    expect((await get('/fr/numeros/1/')).body).toContain('Un deuxième article')
  })

  it('rebuilds on a save through a temporary file and a rename, as many editors save', async () => {
    const since = dev.events.length
    const text = (await readFile(file('2020-04-02'), 'utf8')).replace(
      'title: Soyons solidaires !',
      'title: Restons solidaires !'
    )
    await writeFile(`${file('2020-04-02')}.tmp`, text)
    await rename(`${file('2020-04-02')}.tmp`, file('2020-04-02'))
    const event = await dev.waitForEvent(reloads('/fr/numeros/1/'), since)
    // The title shows in the lists and in the next issue's link back.
    expect((event.data as {paths: string[]}).paths).toEqual(
      expect.arrayContaining(['/fr/', '/fr/numeros/1/', '/fr/numeros/2/', '/fr/archives/2020/'])
    )
    expect((event.data as {paths: string[]}).paths).not.toContain('/en/issues/1/')
    expect((await get('/fr/')).body).toContain('Restons solidaires\u202f!')
  })

  it('ends a burst of saves, as from a git pull, in one correct site where the last save wins', async () => {
    const since = dev.events.length
    for (let round = 1; round <= 8; round++) {
      await edit(
        file('2020-04-10'),
        round === 1
          ? 'title: Le 1er numéro d’avril… non, le deuxième'
          : `title: Version ${round - 1}`,
        `title: Version ${round}`
      )
      await edit(
        file('2020-04-10', 'en'),
        round === 1 ? 'title: The second issue' : `title: English ${round - 1}`,
        `title: English ${round}`
      )
      if (round % 3 === 0) await new Promise((done) => setTimeout(done, 40))
    }
    await dev.waitForEvent(
      (event) => event.event === 'reload' && JSON.stringify(event.data).includes('/fr/numeros/2/'),
      since
    )
    // Builds are not stacked: wait for the last one, then the site is the last save's.
    await expect
      .poll(async () => (await get('/fr/numeros/2/')).body, {timeout: 10_000})
      .toContain('Version 8')
    expect((await get('/en/issues/2/')).body).toContain('English 8')
    const builds = dev.events.slice(since).filter((event) => event.event === 'problems').length
    expect(builds).toBeLessThan(8)
  })

  it('does not lose a second save that follows the first within 50 ms, when chokidar reports only one', async () => {
    const path = file('2020-04-02', 'en')
    const text = await readFile(path, 'utf8')
    await writeFile(path, text.replace(/^title: .*$/m, 'title: First save'))
    await new Promise((done) => setTimeout(done, 40))
    await writeFile(path, text.replace(/^title: .*$/m, 'title: Second save'))
    await expect
      .poll(async () => (await get('/en/issues/1/')).body, {timeout: 10_000})
      .toContain('Second save')
    await new Promise((done) => setTimeout(done, 500))
    expect((await get('/en/issues/1/')).body).toContain('Second save')
  })

  it('shows the problems of a bad save, keeps serving the last good site, and clears them on the next good save', async () => {
    let since = dev.events.length
    await edit(file('2020-04-10'), 'issue: 2', 'issue: deux')
    const bad = await dev.waitForEvent(
      (event) =>
        event.event === 'problems' &&
        problems(event).some((problem) => problem.place === 'content/issues/2020-04-10/fr.md:2:8'),
      since
    )
    expect(problems(bad)).toContainEqual(
      expect.objectContaining({
        place: 'content/issues/2020-04-10/fr.md:2:8',
        severity: 'error',
        message: expect.stringContaining('issue')
      })
    )
    expect(dev.output()).toContain('content/issues/2020-04-10/fr.md:2:8')
    expect((await get('/fr/numeros/2/')).status).toBe(200)
    // A page opened now is told at once.
    expect(await firstEvent()).toContain('fr.md:2:8')

    since = dev.events.length
    await edit(file('2020-04-10'), 'issue: deux', 'issue: 2')
    const good = await dev.waitForEvent(
      (event) =>
        event.event === 'problems' &&
        !problems(event).some((problem) => problem.severity === 'error'),
      since
    )
    expect(problems(good)).toEqual([])
    expect((await get('/fr/numeros/2/')).status).toBe(200)
  })

  it('handles added, renamed and deleted issue folders', async () => {
    let since = dev.events.length
    await cp(join(content, 'issues', '2020-04-10'), join(scratch.path, 'third'), {recursive: true})
    await edit(join(scratch.path, 'third', 'fr.md'), 'issue: 2', 'issue: 3')
    await edit(join(scratch.path, 'third', 'fr.md'), 'date: 2020-04-10', 'date: 2020-04-17')
    await edit(join(scratch.path, 'third', 'en.md'), 'issue: 2', 'issue: 3')
    await rename(join(scratch.path, 'third'), join(content, 'issues', '2020-04-17'))
    await dev.waitForEvent(reloads('/fr/numeros/3/'), since)
    expect((await get('/fr/numeros/3/')).status).toBe(200)
    expect((await get('/media/3/img/masques.png')).status).toBe(200)

    since = dev.events.length
    await rename(join(content, 'issues', '2020-04-17'), join(content, 'issues', 'troisieme'))
    await dev.waitForEvent((event) => event.event === 'problems', since)
    // A rename may come as a deletion then an addition: what counts is where the builds end.
    await expect.poll(async () => (await get('/fr/numeros/3/')).status, {timeout: 10_000}).toBe(200)

    since = dev.events.length
    await rm(join(content, 'issues', 'troisieme'), {recursive: true})
    await dev.waitForEvent(reloads('/fr/numeros/3/'), since)
    expect((await get('/fr/numeros/3/')).status).toBe(404)
    expect((await get('/media/3/img/masques.png')).status).toBe(404)
  })

  it('refreshes the search index in the background', async () => {
    await expect
      .poll(() => /Search index refreshed/.test(dev.output()), {timeout: 15_000})
      .toBe(true)
    const entry = await get('/pagefind/pagefind-entry.json')
    expect(entry.status).toBe(200)
    expect(JSON.parse(entry.body)).toHaveProperty('languages.fr')
  })

  it('serves nothing outside the site, and refuses foreign hosts and origins', async () => {
    const port = new URL(dev.url).port
    await writeFile(join(scratch.path, 'secret.txt'), 'secret')
    await mkdir(join(content, 'issues', '2020-04-02', 'docs'), {recursive: true})
    await symlink(
      join(scratch.path, 'secret.txt'),
      join(content, 'issues', '2020-04-02', 'docs', 'secret.txt')
    )
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/fr/..%2f..%2fsecret.txt',
      '/fr/%2E%2E/%2E%2E/secret.txt',
      '/..\\secret.txt',
      '/%00',
      '/media/1/docs/secret.txt'
    ]) {
      const response = await get(path)
      expect(response.body, path).not.toContain('secret')
      expect([400, 404], path).toContain(response.status)
    }
    expect((await get('/fr/', {host: 'evil.example'})).status).toBe(403)
    expect((await get('/fr/', {host: `evil.example:${port}`})).status).toBe(403)
    expect((await get('/fr/', {origin: 'http://evil.example'})).status).toBe(403)
    expect(
      (await get('/fr/', {host: `localhost:${port}`, origin: `http://localhost:${port}`})).status
    ).toBe(200)
  })
})

describe('npm run dev --host', () => {
  it('warns that another address shows the preview beyond this computer, and answers to it', async () => {
    await cp(
      join(root, 'tests', 'fixtures', 'valid-site', 'content'),
      join(scratch.path, 'content-host'),
      {recursive: true}
    )
    const other = await startDev('content-host', scratch.path, ['--host', '127.0.0.2'])
    try {
      expect(other.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/$/)
      expect(other.output()).toContain('Warning: listening on 127.0.0.2, not only on this computer')
      await other.waitForEvent((event) => event.event === 'problems')
      expect((await fetch(`${other.url}fr/`)).status).toBe(200)
    } finally {
      await other.stop()
    }
  })
})

describe('npm run dev, when the layouts change', () => {
  it('lays out everything again, in a fresh builder when their code changed', async () => {
    const {startDev: start} = await import('../src/dev/server.ts')
    const layouts = join(scratch.path, 'layouts')
    await cp(join(root, 'layouts'), layouts, {recursive: true})
    const content = join(scratch.path, 'content-2')
    await cp(join(root, 'tests', 'fixtures', 'valid-site', 'content'), content, {recursive: true})
    const heard: string[] = []
    const server = await start(
      {content, cwd: scratch.path, layouts, host: '127.0.0.1', port: 0},
      (event) => heard.push(event.type === 'built' ? `built ${event.changed}` : event.type)
    )
    try {
      await server.ready
      const pages = Number(/built (\d+)/.exec(heard[0] ?? '')?.[1])
      expect(pages).toBeGreaterThan(30)
      const searches = (): number => heard.filter((item) => item === 'search').length
      await expect.poll(searches, {timeout: 15_000}).toBe(1)

      await writeFile(
        join(layouts, 'style.css'),
        `${await readFile(join(layouts, 'style.css'), 'utf8')}\n.new { color: red }\n`
      )
      await expect
        .poll(() => heard.filter((item) => item.startsWith('built')).length, {timeout: 10_000})
        .toBe(2)
      // Every page links to the new stylesheet.
      const stylesheet = async (path: string): Promise<string> =>
        /href="([^"]*style\.[^"]*\.css)"/.exec(
          await (await fetch(new URL(path, server.url))).text()
        )?.[1] ?? ''
      const newStyle = await stylesheet('fr/')
      expect(await (await fetch(new URL(`fr/${newStyle}`, server.url))).text()).toContain(
        '.new { color: red }'
      )
      expect(await stylesheet('en/issues/2/')).toBe(`../../${newStyle}`)
      // The stylesheet is no indexed text: the search index stays as it was.
      await new Promise((done) => setTimeout(done, 1000))
      expect(searches()).toBe(1)

      await writeFile(
        join(layouts, 'parts.ts'),
        `${await readFile(join(layouts, 'parts.ts'), 'utf8')}\n// touched\n`
      )
      await expect
        .poll(() => heard.filter((item) => item.startsWith('built')).length, {timeout: 10_000})
        .toBe(3)
      expect(heard.filter((item) => item.startsWith('built'))[2]).toBe(`built ${pages}`)
    } finally {
      await server.close()
    }
  }, 60_000)
})

/** A dev server of its own on a copy of the valid fixture, ready, for `work`; stopped after. */
async function withServer(
  name: string,
  work: (server: DevProcess, content: string) => Promise<void>
): Promise<void> {
  const content = join(scratch.path, name)
  await cp(join(root, 'tests', 'fixtures', 'valid-site', 'content'), content, {recursive: true})
  const server = await startDev(name, scratch.path)
  try {
    await server.waitForEvent((event) => event.event === 'problems')
    await work(server, content)
  } finally {
    await server.stop()
  }
}

describe('npm run dev, when its surroundings go wrong', () => {
  it('reports a watch error and a folder it cannot read, keeps serving, and builds again once they are mended', async () => {
    await withServer('content-loops', async (server, content) => {
      const since = server.events.length
      // A link to itself: chokidar reports ELOOP as a watch error, and the build cannot read it.
      await symlink('loop', join(content, 'issues', 'loop'))
      const bad = await server.waitForEvent(
        (event) => event.event === 'problems' && problems(event).length > 0,
        since
      )
      expect(problems(bad).some((problem) => problem.place.includes('issues/loop'))).toBe(true)
      await expect.poll(() => server.output()).toMatch(/Watching the files: ELOOP/)
      const url = new URL(server.url)
      const page = (): Promise<string> =>
        fetch(`${url.href}fr/numeros/1/`).then((response) => response.text())
      expect(await page()).toContain('<html')
      await rm(join(content, 'issues', 'loop'))
      const after = server.events.length
      await edit(
        join(content, 'issues', '2020-04-02', 'fr.md'),
        'Un second article',
        'Un article mis à jour'
      )
      await server.waitForEvent(reloads('/fr/numeros/1/'), after)
      expect(await page()).toContain('Un article mis à jour')
    })
  }, 60_000)

  it('picks its content folder up again after it was moved away and back', async () => {
    await withServer('content-moved', async (server, content) => {
      const away = server.events.length
      await rename(content, `${content}-away`)
      const gone = await server.waitForEvent(
        (event) => event.event === 'problems' && problems(event).length > 0,
        away
      )
      expect(problems(gone)[0]?.message).toMatch(/No site configuration/)
      await rename(`${content}-away`, content)
      await expect
        .poll(() => server.output(), {timeout: 10_000})
        .toMatch(/content-moved is back: watching it again/)
      await server.waitForEvent(
        (event) => event.event === 'problems' && problems(event).length === 0,
        away
      )
      const after = server.events.length
      await edit(
        join(content, 'issues', '2020-04-02', 'fr.md'),
        'Un second article',
        'Un article revenu'
      )
      await server.waitForEvent(reloads('/fr/numeros/1/'), after)
      expect(
        await fetch(`${server.url}fr/numeros/1/`).then((response) => response.text())
      ).toContain('Un article revenu')
    })
  }, 60_000)

  it('serves an issue file only as the last good build saw it, never what replaced it', async () => {
    const outside = join(scratch.path, 'outside-secret.png')
    await writeFile(outside, 'a file outside the content folder')
    await withServer('content-media', async (server, content) => {
      const image = `${server.url}media/2/img/masques.png`
      const before = await fetch(image)
      expect(before.status).toBe(200)
      const since = server.events.length
      const path = join(content, 'issues', '2020-04-10', 'img', 'masques.png')
      await rm(path)
      await symlink(outside, path)
      const refused = await server.waitForEvent(
        (event) => event.event === 'problems' && problems(event).length > 0,
        since
      )
      expect(
        problems(refused).some((problem) => /outside the content folder/.test(problem.message))
      ).toBe(true)
      const after = await fetch(image)
      expect(after.status).toBe(404)
      expect(await after.text()).not.toContain('outside the content folder')
    })
  }, 60_000)
})

describe('npm run dev, in a browser', () => {
  it('reloads the open page after a save, shows the problems over it, and clears them', async () => {
    const content = join(scratch.path, 'content-3')
    await cp(join(root, 'tests', 'fixtures', 'valid-site', 'content'), content, {recursive: true})
    const server = await startDev('content-3', scratch.path)
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu']
    })
    try {
      await server.waitForEvent((event) => event.event === 'problems')
      const page = await browser.newPage()
      await page.goto(`${server.url}fr/numeros/1/`)
      await page.waitForSelector('html[data-bulletin-live]')
      const path = join(content, 'issues', '2020-04-02', 'fr.md')
      const text = await readFile(path, 'utf8')

      // A page the save does not change stays as it is.
      const other = await browser.newPage()
      await other.goto(`${server.url}en/search/`)
      await other.waitForSelector('html[data-bulletin-live]')
      await other.evaluate(() => document.documentElement.setAttribute('data-kept', ''))

      await writeFile(
        path,
        text.replace('title: Soyons solidaires !', 'title: Restons solidaires !')
      )
      await page.waitForFunction(
        () => document.querySelector('h1')?.textContent?.includes('Restons'),
        undefined,
        {timeout: 15_000}
      )
      expect(await other.$('html[data-kept]')).not.toBeNull()
      await page.waitForSelector('html[data-bulletin-live]')

      await writeFile(path, text.replace('title: Soyons solidaires !', 'title: [Restons'))
      const overlay = page.locator('#bulletin-problems')
      await overlay.waitFor({timeout: 15_000})
      expect(await overlay.getAttribute('role')).toBe('alert')
      expect(await overlay.textContent()).toMatch(
        /content-3\/issues\/2020-04-02\/fr\.md:\d+:\d+ error: YAML/
      )
      // The last good page stays under it.
      expect(await page.textContent('h1')).toContain('Restons')

      await writeFile(path, text.replace('title: Soyons solidaires !', 'title: Soyons unis !'))
      await page.waitForFunction(
        () => document.querySelector('h1')?.textContent?.includes('unis'),
        undefined,
        {timeout: 15_000}
      )
      expect(await overlay.count()).toBe(0)
    } finally {
      await browser.close()
      await server.stop()
    }
  }, 60_000)
})
