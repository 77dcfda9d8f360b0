import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {toHtml} from 'hast-util-to-html'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import type {Archive} from '../src/stages/archive.ts'
import {createProcessor} from '../src/stages/render.ts'
import {parseMessages} from '../src/model/i18n.ts'
import {readFileSync} from 'node:fs'
import {visit} from 'unist-util-visit'
import {unsafeParts} from './helpers/safety.ts'

const messages = parseMessages(
  new VFile({
    path: 'fr.yml',
    value: readFileSync(new URL('../layouts/messages/fr.yml', import.meta.url), 'utf8')
  })
)
if (!messages) throw new Error('catalogue')
const section = {
  kind: 'issue' as const,
  number: 1,
  original: 'fr' as const,
  langs: ['fr' as const],
  sectionIds: new Set(['dnum', 'drh-2'])
}
const archive: Archive = {
  config: {title: {fr: '', en: ''}, languages: ['fr'], directorates: [], rawHtml: false},
  issues: [],
  targets: new Map([['a', section]])
}
const processor = createProcessor(archive, messages)

function render(markdown: string, idPrefix = 'dnum'): {html: string; file: VFile} {
  const file = new VFile({
    path: 'fr.md',
    value: markdown,
    data: {idPrefix, source: {folder: 'a', lang: 'fr', assets: new Map()}}
  })
  const tree = processor.runSync(processor.parse(file), file) as Root
  return {html: toHtml(tree), file}
}

describe('render', () => {
  it('prefixes ids with the article’s, footnote links following, section links untouched', () => {
    const {html} = render('# DRH 2\n\nVoir [la suite](#drh-2).[^a]\n\n[^a]: Note.')
    expect(html).toContain('<h3 id="dnum--drh-2">DRH 2</h3>')
    expect(html).toContain('<a href="#drh-2">la suite</a>')
    expect(html).toContain('href="#dnum--fn-a" id="dnum--fnref-a"')
    expect(html).toContain('<li id="dnum--fn-a">')
    expect(html).toContain('aria-label="Retour à l’appel de note 1"')
  })

  it("links every footnote to its note and back, whatever the label's letters", () => {
    const {html} = render(
      'Un[^café], deux[^Ça], trois[^2].\n\n[^café]: Une.\n[^Ça]: Deux.\n[^2]: Trois.'
    )
    const tree = fromHtml(html, {fragment: true})
    const ids = new Set<string>()
    const targets: string[] = []
    visit(tree, 'element', (node: Element) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id)
      const footnote =
        node.properties.dataFootnoteRef !== undefined ||
        node.properties.dataFootnoteBackref !== undefined
      if (footnote && typeof node.properties.href === 'string')
        targets.push(node.properties.href.slice(1))
    })
    expect(targets).toHaveLength(6)
    for (const target of targets) expect(ids, target).toContain(target)
  })

  it('fits headings under the article: the highest becomes h3, without gaps', () => {
    expect(render('## Deux\n\n### Trois').html).toMatch(/<h3[^>]*>Deux<\/h3>\n<h4[^>]*>Trois<\/h4>/)
    expect(render('# Un\n\n## Deux').html).toMatch(/<h3[^>]*>Un<\/h3>\n<h4[^>]*>Deux<\/h4>/)
  })

  it('leaves raw HTML out, with a warning at its place', () => {
    const {html, file} = render(
      'Texte\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>'
    )
    expect(html).not.toMatch(/script|onerror|<img/)
    expect(file.messages.map((message) => [message.line, message.ruleId])).toEqual([
      [3, 'no-html'],
      [5, 'no-html']
    ])
  })

  it('leaves comments out silently, but not HTML hidden after one', () => {
    const {html, file} = render(
      'Texte\n\n<!-- note\n---\nDNUM -->\n\n<!-- a --><img src=x onerror=alert(1)>\n\n<!-- b -->\n<script>alert(1)</script>'
    )
    expect(html).not.toMatch(/script|onerror|<img|note/)
    expect(file.messages.map((message) => [message.line, message.ruleId])).toEqual([
      [7, 'no-html'],
      [10, 'no-html']
    ])
  })

  it('renders GFM tables with classes for alignment, not the obsolete attribute', () => {
    const {html} = render('| a | b |\n| :-: | --: |\n| 1 | 2 |')
    expect(html).toContain('<td class="align-center">1</td>')
    expect(html).not.toContain('align=')
  })
})

describe('raw HTML kept by a trusted site (`rawHtml: true`)', () => {
  const trusted = createProcessor(
    {...archive, config: {...archive.config, rawHtml: true}},
    messages
  )
  const markdown =
    'Avant <sup>1</sup>.\n\n<details><summary>Plus</summary>Texte.</details>\n\n<script>alert(1)</script><img src="x.png" onerror="alert(1)"><a href="javascript:alert(1)">lien</a><iframe src="https://evil.example/"></iframe>\n'

  it('keeps the markup, without a warning, and still removes anything that runs', () => {
    const file = new VFile({
      path: 'fr.md',
      value: markdown,
      data: {idPrefix: 'dnum', source: {folder: 'a', lang: 'fr', assets: new Map()}}
    })
    const html = toHtml(trusted.runSync(trusted.parse(file), file) as Root)
    expect(file.messages).toEqual([])
    expect(html).toContain('<sup>1</sup>')
    expect(html).toContain('<details><summary>Plus</summary>Texte.</details>')
    expect(unsafeParts(`<!doctype html><title>x</title>${html}`)).toEqual([])
    expect(html).not.toMatch(/script|onerror|javascript|iframe/)
  })

  it('prefixes the names and ids of its elements, so none can shadow a property of document', () => {
    const file = new VFile({
      path: 'fr.md',
      value:
        '<img name="querySelector" src="x.png" alt=""><form name="getElementById"></form><img id="cookie" src="y.png" alt="">\n',
      data: {idPrefix: 'dnum', source: {folder: 'a', lang: 'fr', assets: new Map()}}
    })
    const html = toHtml(trusted.runSync(trusted.parse(file), file) as Root)
    expect(html).toContain('name="dnum--querySelector"')
    expect(html).toContain('id="dnum--cookie"')
    expect(unsafeParts(`<!doctype html><title>x</title>${html}`)).toEqual([])
  })

  it('is off by default: the same Markdown loses its HTML, with warnings', () => {
    const {html, file} = render(markdown)
    expect(html).not.toContain('<details>')
    expect(file.messages.length).toBeGreaterThan(0)
  })
})
