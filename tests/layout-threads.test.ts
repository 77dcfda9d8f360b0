/**
 * The layout's threads: a page serialized on a worker is the template the
 * build's own thread makes of the same tree, this thread keeps its share,
 * and a failure on a worker names the page. (A whole build on threads is
 * the same bytes as on one: `render-threads.test.ts`.)
 */
import type {Root} from 'hast'
import {h} from 'hastscript'
import {afterEach, describe, expect, it} from 'vitest'
import {startPagePool} from '../src/engine/layout-threads.ts'
import type {PagePool} from '../src/stages/layout.ts'
import {placeholderUrls} from '../src/stages/asset-slots.ts'
import {serializeTemplate} from '../src/stages/serialize-page.ts'

const page = (n: number): Root => ({
  type: 'root',
  children: [
    h('html', {lang: 'fr'}, [
      h('head', [h('link', {rel: 'stylesheet', href: placeholderUrls.stylesheet})]),
      h('body', [
        h('p', `Le numéro ${n} : « voir » la page !`),
        h('a', {href: '/fr/numeros/1/'}, 'Numéro 1')
      ])
    ])
  ]
})

let pool: PagePool | undefined
afterEach(async () => {
  await pool?.close()
  pool = undefined
})

describe('the layout’s pool of threads', () => {
  it('gives the template this thread makes of the same tree, and keeps one page in eight here', async () => {
    pool = startPagePool(1)
    const address = '/fr/numeros/2/'
    const results = Array.from({length: 16}, (_, n) => pool?.serialize(page(n), address, true))
    expect(results.map((result) => result === undefined)).toEqual(
      Array.from({length: 16}, (_, n) => n % 8 === 7)
    )
    const templates = await Promise.all(results)
    for (const [n, template] of templates.entries()) {
      if (template === undefined) continue
      expect(template).toEqual(serializeTemplate(page(n), address, true))
      // The typography and the relative address are the serializer's: done on the worker.
      expect('text' in template && template.text).toContain('../1/')
      expect(template.slots.length).toBe(1)
    }
  }, 30_000)

  it('fails with the address of the page a worker could not serialize', async () => {
    pool = startPagePool(1)
    const broken = {type: 'root', children: [{type: 'nonsense'}]} as unknown as Root
    const made = pool.serialize(broken, '/fr/numeros/3/', false)
    await expect(made).rejects.toThrow(/layout worker .*\/fr\/numeros\/3\//)
  }, 30_000)
})
