import {h} from 'hastscript'
import {describe, expect, it} from 'vitest'
import {isBareLink, rehypeMarkBareLinks} from '../src/markdown/rehype-mark-bare-links.ts'

describe('bare links', () => {
  it('are links whose text is their address', () => {
    expect(
      isBareLink(
        'http://actionsociale.interieur.ader.gouv.fr/',
        'http://actionsociale.interieur.ader.gouv.fr/'
      )
    ).toBe(true)
    expect(isBareLink('https://www.interieur.gouv.fr', 'https://www.interieur.gouv.fr/')).toBe(true)
    expect(isBareLink('agents@interieur.gouv.fr', 'mailto:agents@interieur.gouv.fr')).toBe(true)
    expect(isBareLink('le site du ministère', 'https://www.interieur.gouv.fr/')).toBe(false)
    expect(isBareLink('', '')).toBe(false)
  })

  it('are marked, and other links left as they are', () => {
    const tree = {
      type: 'root' as const,
      children: [
        h('p', [
          h('a', {href: 'https://a.fr/'}, 'https://a.fr/'),
          h('a', {href: 'https://a.fr/', className: ['x']}, 'le site')
        ])
      ]
    }
    rehypeMarkBareLinks()(tree)
    expect(
      tree.children[0]?.children.map((link) =>
        link.type === 'element' ? link.properties.className : undefined
      )
    ).toEqual([['bare-link'], ['x']])
  })
})
