/**
 * `bulletin dev` as a command: the page every address shows while the first
 * build fails (and how it comes back), the styled 404 at any depth,
 * `--host` answering to this machine's IP addresses, the next free port,
 * and stopping (SIGTERM to the server or its builder, or its parent gone)
 * with the port freed.
 */
import {execFile, spawn} from 'node:child_process'
import {chmod, cp, mkdir, readFile, writeFile} from 'node:fs/promises'
import {createServer, request, type Server} from 'node:http'
import {networkInterfaces} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {allowedHosts, listen} from '../src/dev/addresses.ts'
import {launchChromium} from './helpers/browser.ts'
import {startDev} from './helpers/dev.ts'
import {fixtureContent, temporaryFolder} from './helpers/site.ts'

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))
const tsx = import.meta.resolve('tsx')
let scratch: {path: string; remove: () => Promise<void>}
beforeAll(async () => {
  scratch = await temporaryFolder()
})
afterAll(() => scratch.remove())

/** A copy of a fixture's content as `name` in the scratch folder. */
async function copyOf(fixture: string, name: string): Promise<string> {
  const content = join(scratch.path, name)
  await cp(fixtureContent(fixture), content, {recursive: true})
  return content
}

/** GET `path` from `url`'s server with the `Host` given. */
function get(url: string, path: string, host: string): Promise<{status: number; body: string}> {
  const {hostname, port} = new URL(url)
  return new Promise((done, fail) => {
    const outgoing = request({host: hostname, port, path, headers: {host}}, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => done({status: response.statusCode ?? 0, body}))
    })
    outgoing.on('error', fail)
    outgoing.end()
  })
}

/** Whether `port` on 127.0.0.1 can be listened on (then closed again). */
async function isFree(port: number): Promise<boolean> {
  const server = createServer()
  try {
    await listen(server, {host: '127.0.0.1', port})
    return true
  } catch {
    return false
  } finally {
    server.close()
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The builder: the dev server's child process. */
async function builderOf(pid: number): Promise<number> {
  const {stdout} = await promisify(execFile)('ps', ['-o', 'pid=', '--ppid', String(pid)])
  const [child] = stdout.trim().split(/\s+/).map(Number)
  expect(child).toBeGreaterThan(0)
  return child!
}

describe('bulletin dev before its first good build', () => {
  it('shows every page as the failed build with its problems, and the site once fixed', async () => {
    await copyOf('valid-site', 'failing')
    const path = join(scratch.path, 'failing', 'issues', '2020-04-02', 'fr.md')
    const text = await readFile(path, 'utf8')
    await writeFile(path, text.replace('title: Soyons solidaires !', 'title: [Broken'))
    const dev = await startDev('failing', scratch.path)
    const browser = await launchChromium()
    try {
      await dev.waitForEvent((event) => event.event === 'problems')
      const response = await fetch(`${dev.url}fr/numeros/1/`)
      expect(response.status).toBe(503)
      const html = await response.text()
      expect(html).toContain('<h1>The first build failed</h1>')
      expect(html).toContain('<script src="/_bulletin/live.js" data-missing defer></script>')
      expect((await fetch(`${dev.url}assets/style.css`)).status).toBe(404)

      const page = await browser.newPage()
      await page.goto(`${dev.url}fr/numeros/1/`)
      const overlay = page.locator('#bulletin-problems')
      await overlay.waitFor({timeout: 15_000})
      expect(await overlay.textContent()).toMatch(
        /failing\/issues\/2020-04-02\/fr\.md:\d+:\d+ error/
      )

      await writeFile(path, text)
      await page.waitForFunction(
        () => document.querySelector('h1')?.textContent?.includes('Soyons solidaires'),
        undefined,
        {timeout: 15_000}
      )
      expect(await overlay.count()).toBe(0)
      // Each build's line says what started it, and how long it took.
      expect(dev.output()).toMatch(/Build failed in \d+ ms \(first build\)/)
      expect(dev.output()).toMatch(/Built in \d+ ms \(after failing\/issues\/2020-04-02\/fr\.md\)/)
    } finally {
      await browser.close()
      await dev.stop()
    }
  }, 60_000)
})

describe('bulletin dev’s 404', () => {
  it('is styled at any depth', async () => {
    await copyOf('valid-site', 'missing')
    const dev = await startDev('missing', scratch.path)
    const browser = await launchChromium()
    try {
      await dev.waitForEvent((event) => event.event === 'problems')
      for (const path of ['nowhere', 'a/b/c/d/', 'fr/numeros/999/']) {
        const response = await fetch(`${dev.url}${path}`)
        expect(response.status, path).toBe(404)
        expect(await response.text()).toMatch(/^<!doctype html><html[^>]*><head><base href="\/">/)
        const page = await browser.newPage()
        await page.goto(`${dev.url}${path}`)
        const sheet = await page.evaluate(() => {
          const link = document.querySelector<HTMLLinkElement>('link[rel=stylesheet]')
          return {href: link?.href, rules: link?.sheet?.cssRules.length ?? 0}
        })
        expect(sheet.href, path).toMatch(new RegExp(`^${dev.url}assets/style\\.`))
        expect(sheet.rules, path).toBeGreaterThan(10)
        await page.close()
      }
    } finally {
      await browser.close()
      await dev.stop()
    }
  }, 60_000)
})

describe('bulletin dev --host', () => {
  it('answers to the names of this machine only: loopback, its IP addresses, the host given', () => {
    const interfaces = {
      lo: [
        {address: '127.0.0.1', family: 'IPv4'},
        {address: '::1', family: 'IPv6'}
      ],
      eth0: [
        {address: '192.0.2.7', family: 'IPv4'},
        {address: 'fe80::1', family: 'IPv6'}
      ]
    } as unknown as ReturnType<typeof networkInterfaces>
    expect(allowedHosts('127.0.0.1', interfaces)).toEqual([])
    expect(allowedHosts('0.0.0.0', interfaces)).toEqual([
      '0.0.0.0',
      '127.0.0.1',
      '[::1]',
      '192.0.2.7',
      '[fe80::1]'
    ])
    expect(allowedHosts('Preview.Example', interfaces)).toContain('preview.example')
  })

  it('serves a request by the machine’s IP address, and still refuses other names', async () => {
    await copyOf('valid-site', 'host')
    const dev = await startDev('host', scratch.path, ['--host', '0.0.0.0'])
    try {
      await dev.waitForEvent((event) => event.event === 'problems')
      const port = new URL(dev.url).port
      const addresses = Object.values(networkInterfaces())
        .flatMap((entries) => entries ?? [])
        .filter((entry) => entry.family === 'IPv4')
        .map((entry) => entry.address)
      expect(addresses.length).toBeGreaterThan(0)
      const local = `http://127.0.0.1:${port}/`
      for (const address of addresses)
        expect((await get(local, '/fr/', `${address}:${port}`)).status, address).toBe(200)
      expect((await get(local, '/fr/', `evil.example:${port}`)).status).toBe(403)
    } finally {
      await dev.stop()
    }
  }, 60_000)
})

describe('bulletin dev --layouts --open', () => {
  it('serves the theme given, and opens the preview in the browser', async () => {
    await copyOf('valid-site', 'themed')
    const layouts = join(scratch.path, 'theme')
    await cp(fileURLToPath(new URL('../layouts/', import.meta.url)), layouts, {recursive: true})
    const style = join(layouts, 'style.css')
    await writeFile(style, `${await readFile(style, 'utf8')}\n.themed-here { color: teal }\n`)
    // The desktop's opener, as a script that says what it was asked to open.
    const bin = join(scratch.path, 'bin')
    await mkdir(bin)
    await writeFile(
      join(bin, 'xdg-open'),
      `#!/bin/sh\necho "$1" > '${join(scratch.path, 'opened')}'\n`
    )
    await chmod(join(bin, 'xdg-open'), 0o755)
    const dev = await startDev('themed', scratch.path, ['--layouts', layouts, '--open'], '0', {
      PATH: `${bin}:${process.env.PATH ?? ''}`
    })
    try {
      await dev.waitForEvent((event) => event.event === 'problems')
      const page = await (await fetch(`${dev.url}fr/`)).text()
      const href = /href="([^"]*style\.[^"]*\.css)"/.exec(page)?.[1]
      expect(await (await fetch(new URL(`fr/${href}`, dev.url))).text()).toContain('.themed-here')
      await expect
        .poll(() => readFile(join(scratch.path, 'opened'), 'utf8').catch(() => ''), {timeout: 5000})
        .toBe(`${dev.url}\n`)
    } finally {
      await dev.stop()
    }
  }, 60_000)
})

describe('bulletin dev’s port', () => {
  it('is the next free one when the default is busy, but a busy --port is an error', async () => {
    // Holds port 4000 unless something else already does: busy either way.
    const holder: Server = createServer()
    const held = await isFree(4000).then((free) =>
      free ? listen(holder, {host: '127.0.0.1', port: 4000}).then(() => true) : false
    )
    await copyOf('valid-site', 'port')
    try {
      const dev = await startDev('port', scratch.path, [], null)
      try {
        const port = Number(new URL(dev.url).port)
        expect(port).toBeGreaterThan(4000)
        expect(port).toBeLessThanOrEqual(4020)
      } finally {
        await dev.stop()
      }
      await expect(startDev('port', scratch.path, [], '4000')).rejects.toThrow(
        /Cannot listen on 127\.0\.0\.1 port 4000: another server is there/
      )
    } finally {
      if (held) holder.close()
    }
  }, 60_000)
})

describe('stopping bulletin dev', () => {
  const cases = [
    ['SIGTERM to the server', (server: number) => server],
    ['SIGTERM to its builder', (_: number, builder: number) => builder]
  ] as const
  for (const [name, target] of cases)
    it(`on ${name}: both processes stop and the port is free`, async () => {
      await copyOf('valid-site', `stop-${name.length}`)
      const dev = await startDev(`stop-${name.length}`, scratch.path)
      await dev.waitForEvent((event) => event.event === 'problems')
      const port = Number(new URL(dev.url).port)
      const builder = await builderOf(dev.pid)
      process.kill(target(dev.pid, builder), 'SIGTERM')
      expect(await dev.exited).toBe(0)
      await expect.poll(() => alive(builder), {timeout: 5000}).toBe(false)
      expect(await isFree(port)).toBe(true)
    }, 60_000)

  it('when the process that started it is gone', async () => {
    const content = await copyOf('valid-site', 'orphan')
    // A shell that starts the server, then is killed outright, as a closed terminal's would be.
    const command = [
      process.execPath,
      '--import',
      tsx,
      main,
      'dev',
      '--port',
      '0',
      '--content',
      content
    ]
    const shell = spawn(
      'sh',
      ['-c', `${command.map((word) => `'${word}'`).join(' ')} & echo "pid $!"; wait`],
      {
        cwd: scratch.path,
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    let output = ''
    shell.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    await expect.poll(() => /at (http:\S+) /.test(output), {timeout: 15_000}).toBe(true)
    const pid = Number(/^pid (\d+)$/m.exec(output)?.[1])
    const port = Number(new URL(/at (http:\S+) /.exec(output)![1]!).port)
    const builder = await builderOf(pid)
    shell.kill('SIGKILL')
    await expect.poll(() => alive(pid), {timeout: 10_000}).toBe(false)
    await expect.poll(() => alive(builder), {timeout: 5000}).toBe(false)
    expect(await isFree(port)).toBe(true)
  }, 60_000)
})
