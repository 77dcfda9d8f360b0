import {writeFile} from 'node:fs/promises'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import type {SiteFile} from '../src/dev/builder.ts'
import {createSiteServer} from '../src/dev/serve.ts'
import {outputDigest} from '../src/engine/previous-site.ts'
import {temporaryFolder} from './helpers/site.ts'

let scratch: Awaited<ReturnType<typeof temporaryFolder>>
beforeAll(async () => {
  scratch = await temporaryFolder()
})
afterAll(() => scratch.remove())

describe('a page the dev server keeps from the last build', () => {
  it('is read from the output folder at each request, only while its bytes are those recorded', async () => {
    const page = join(scratch.path, 'index.html')
    const html =
      '<!doctype html><html><head><title>Numéro 1</title></head><body>Masques</body></html>'
    await writeFile(page, html)
    const site = new Map<string, SiteFile>([
      ['index.html', {kept: page, digest: outputDigest(Buffer.from(html))}]
    ])
    let changed = 0
    const served = createSiteServer({site: () => site, client: '', kept: () => void changed++})
    await new Promise<void>((done) => served.server.listen(0, '127.0.0.1', done))
    try {
      const url = `http://127.0.0.1:${(served.server.address() as AddressInfo).port}/`
      const first = await fetch(url)
      expect(first.status).toBe(200)
      const text = await first.text()
      expect(text).toContain('Masques')
      expect(text).toContain('/_bulletin/live.js')
      expect(changed).toBe(0)

      // Changed behind the dev server's back (a build, a hand): not served, and everything is laid out.
      await writeFile(page, html.replace('Masques', 'Autre chose'))
      const second = await fetch(url)
      expect(second.status).toBe(503)
      expect(await second.text()).not.toContain('Autre chose')
      expect(changed).toBe(1)
    } finally {
      await new Promise((done) => served.server.close(done))
    }
  })
})
