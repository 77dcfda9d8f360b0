import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {buildSite, createBuildState} from '../src/engine/build-site.ts'
import {fixtureCopy} from './helpers/site.ts'

let scratch: {path: string; content: string; remove: () => Promise<void>}
beforeEach(async () => {
  scratch = await fixtureCopy('valid-site')
})
afterEach(() => scratch.remove())

describe('the order a build makes its files in', () => {
  it('hands a shard of the search index over once its pages are staged, before the other pages', async () => {
    const events: string[] = []
    let members: string[] = []
    const site = await buildSite(
      {content: scratch.content, out: join(scratch.path, 'dist'), cwd: scratch.path},
      createBuildState(),
      undefined,
      {
        expect: () => undefined,
        put: (file) => events.push(file.path),
        shard: (number, pages) => {
          events.push(`shard ${number}`)
          members = pages.map((page) => page.path)
        }
      }
    )
    expect(site.ok).toBe(true)
    const issuePages = [
      'en/issues/1/index.html',
      'en/issues/2/index.html',
      'fr/numeros/1/index.html',
      'fr/numeros/2/index.html'
    ]
    expect([...members].sort()).toEqual(issuePages)
    const handed = events.indexOf('shard 1')
    expect(events.filter((event) => event.startsWith('shard '))).toEqual(['shard 1'])
    for (const page of issuePages) expect(events.indexOf(page)).toBeLessThan(handed)
    // The lists, feeds and JSON files come after: the index works while they are laid out.
    expect(events.indexOf('fr/index.html')).toBeGreaterThan(handed)
    expect(events.indexOf('fr/numeros/1/issue.json')).toBeGreaterThan(handed)
    // The site's files keep the site's order, whatever the order they were made in.
    const order = site.outputs.map((file) => file.path)
    expect(order.indexOf('fr/index.html')).toBeLessThan(order.indexOf('fr/numeros/1/index.html'))
  })
})
