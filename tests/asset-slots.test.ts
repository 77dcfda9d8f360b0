import {appendFile, cp} from 'node:fs/promises'
import {join} from 'node:path'
import {h} from 'hastscript'
import rehypeStringify from 'rehype-stringify'
import {unified} from 'unified'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {buildSite, createBuildState, type Site} from '../src/engine/build-site.ts'
import {
  emptySlots,
  fillSlots,
  markSlots,
  placeholder,
  placeholderUrls,
  slotsOf
} from '../src/stages/asset-slots.ts'
import {createLayoutState} from '../src/stages/layout.ts'
import {fixtureCopy} from './helpers/site.ts'

const fingerprints = {stylesheet: '0123456789', script: 'abcdefabcd', icon: 'fedcba9876'}
const serialize = (tree: Parameters<typeof markSlots>[0]): string =>
  unified().use(rehypeStringify).stringify(tree)

/** A page whose title and body hold the placeholder addresses, as a writer could. */
function hostilePage() {
  return {
    type: 'root' as const,
    children: [
      h('html', [
        h('head', [
          h('title', `Voir ${placeholderUrls.stylesheet}`),
          h('link', {rel: 'stylesheet', href: `../..${placeholderUrls.stylesheet}`}),
          h('link', {rel: 'icon', href: placeholderUrls.icon}),
          h('script', {src: placeholderUrls.script, defer: true})
        ]),
        h('body', [
          h('p', placeholderUrls.stylesheet),
          h('link', {rel: 'stylesheet', href: placeholderUrls.stylesheet}),
          h('a', {href: placeholderUrls.script}, placeholder)
        ])
      ])
    ]
  }
}

describe('asset slots', () => {
  it('fills the addresses of the head only, never the same bytes in content', () => {
    const tree = hostilePage()
    const marks = markSlots(tree)
    expect([...marks.values()].sort()).toEqual(['icon', 'script', 'stylesheet'])
    const {template, slots} = slotsOf(serialize(tree), marks)
    expect(template).toBe(serialize(hostilePage()))
    const text = fillSlots(template, slots, fingerprints)
    expect(text).toContain('href="../../assets/style.0123456789.css"')
    expect(text).toContain('href="/assets/icon.fedcba9876.svg"')
    expect(text).toContain('src="/assets/search.abcdefabcd.js"')
    // The title, the body's text, link and anchor keep what the writer wrote.
    expect(text.split(placeholderUrls.stylesheet)).toHaveLength(4)
    expect(text).toContain(`<a href="${placeholderUrls.script}">${placeholder}</a>`)
    expect(emptySlots(text, slots)).toBe(template)
  })

  it('refuses a text whose slots hold no fingerprint', () => {
    const tree = hostilePage()
    const marks = markSlots(tree)
    const {template, slots} = slotsOf(serialize(tree), marks)
    const text = fillSlots(template, slots, fingerprints)
    const at = slots[0]?.at ?? 0
    expect(emptySlots(`${text.slice(0, at)}"><script>${text.slice(at + 10)}`, slots)).toBe(
      undefined
    )
    expect(() => slotsOf('no mark here', new Map([['f'.repeat(32), 'icon']]))).toThrow(/not found/)
  })
})

describe('a stylesheet change', () => {
  let scratch: {path: string; content: string; remove: () => Promise<void>}
  beforeEach(async () => {
    scratch = await fixtureCopy('valid-site')
    await cp(join(import.meta.dirname, '..', 'layouts'), join(scratch.path, 'theme'), {
      recursive: true
    })
  })
  afterEach(() => scratch.remove())

  const options = () => ({
    content: scratch.content,
    out: join(scratch.path, 'dist'),
    cwd: scratch.path,
    layouts: join(scratch.path, 'theme')
  })
  const bytes = (site: Site): Map<string, string> =>
    new Map(site.outputs.map((file) => [file.path, String(file.value)]))

  it('fills the previous site’s pages anew instead of laying them out, to the bytes of a fresh build', async () => {
    const first = createBuildState()
    const before = await buildSite(options(), first)
    expect(before.ok).toBe(true)
    const previous = bytes(before)
    const records = first.layout.store.records()
    await appendFile(join(scratch.path, 'theme', 'style.css'), '\n.changed { color: inherit }\n')

    const read: string[] = []
    const layout = createLayoutState({
      code: '',
      records,
      has: (path) => previous.has(path),
      read: (path) => {
        read.push(path)
        const text = previous.get(path)
        return text === undefined ? undefined : Buffer.from(text)
      }
    })
    const after = await buildSite(options(), createBuildState(layout))
    const fresh = await buildSite(options())
    // A file kept as it was (a JSON file, a feed) holds no text: the previous site's is its.
    const kept = new Map(
      [...bytes(after)].map(([path, text]) => [
        path,
        text === 'undefined' ? previous.get(path) : text
      ])
    )
    expect(kept).toEqual(bytes(fresh))
    const pages = after.outputs.filter((file) => file.path.endsWith('.html'))
    // Every page was taken from the previous site's bytes, none laid out again.
    expect(read.sort()).toEqual(pages.map((file) => file.path).sort())
    expect(pages.every((file) => !file.data.page?.kept)).toBe(true)
    expect(pages.every((file) => previous.get(file.path) !== String(file.value))).toBe(true)

    // Bytes that are not the recorded page are never taken: the build says so.
    const tampered = createLayoutState({
      code: '',
      records,
      has: (path) => previous.has(path),
      read: (path) => Buffer.from(`${previous.get(path) ?? ''}<script>alert(1)</script>`)
    })
    await appendFile(join(scratch.path, 'theme', 'style.css'), '\n.again { color: inherit }\n')
    await expect(buildSite(options(), createBuildState(tampered))).rejects.toThrow(
      /previous site's .*index\.html changed/
    )
  })
})
