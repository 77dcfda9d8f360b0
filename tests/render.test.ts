import type {Root} from 'hast'
import {toHtml} from 'hast-util-to-html'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import type {Archive} from '../src/archive.ts'
import {createProcessor} from '../src/render.ts'
import {parseMessages} from '../src/i18n.ts'
import {readFileSync} from 'node:fs'

const messages = parseMessages(new VFile({path: 'fr.yml', value: readFileSync(new URL('../layouts/messages/fr.yml', import.meta.url), 'utf8')}))
if (!messages) throw new Error('catalogue')
const section = {kind: 'issue' as const, issue: {number: 1, date: '2020-04-02', folder: 'a', original: 'fr' as const, files: {}}, sectionIds: new Set(['dnum', 'drh-2'])}
const archive: Archive = {config: {title: {fr: '', en: ''}, languages: ['fr'], directorates: []}, issues: [], targets: new Map([['a', section]])}
const processor = createProcessor(archive, messages)

function render(markdown: string, idPrefix = 'dnum'): {html: string; file: VFile} {
  const file = new VFile({path: 'fr.md', value: markdown, data: {idPrefix, source: {folder: 'a', lang: 'fr', assets: new Map()}}})
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

  it('fits headings under the article: the highest becomes h3, without gaps', () => {
    expect(render('## Deux\n\n### Trois').html).toMatch(/<h3[^>]*>Deux<\/h3>\n<h4[^>]*>Trois<\/h4>/)
    expect(render('# Un\n\n## Deux').html).toMatch(/<h3[^>]*>Un<\/h3>\n<h4[^>]*>Deux<\/h4>/)
  })

  it('leaves raw HTML out, with a warning at its place', () => {
    const {html, file} = render('Texte\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>')
    expect(html).not.toMatch(/script|onerror|<img/)
    expect(file.messages.map((message) => [message.line, message.ruleId])).toEqual([
      [3, 'no-html'],
      [5, 'no-html']
    ])
  })

  it('leaves comments out silently, but not HTML hidden after one', () => {
    const {html, file} = render('Texte\n\n<!-- note\n---\nDNUM -->\n\n<!-- a --><img src=x onerror=alert(1)>\n\n<!-- b -->\n<script>alert(1)</script>')
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
