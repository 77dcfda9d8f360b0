/**
 * Give the ids (and the `name`s of raw HTML) of a rendered part a prefix of
 * its own (`dnum--note`), so that the articles of one page never share an
 * id, and no id or name of content can clobber a DOM global such as
 * `location` or `document.querySelector`. Footnote links and ARIA
 * references follow; a writer's own `#…` links point at sections, which keep
 * their ids, so they are left alone.
 */
import type {Element, Root} from 'hast'
import type {VFile} from 'vfile'
import {visit} from 'unist-util-visit'

const idListProperties = ['ariaDescribedBy', 'ariaLabelledBy'] as const

/** Prefix the ids of the tree with `file.data.idPrefix` and `--`. */
export function rehypePrefixIds() {
  return (tree: Root, file: VFile): undefined => {
    const prefix = file.data.idPrefix
    if (prefix === undefined) return
    const ids = new Set<string>()
    visit(tree, 'element', (node: Element) => {
      if (typeof node.properties.id === 'string') ids.add(node.properties.id)
    })
    const rename = (id: string): string => (ids.has(id) ? `${prefix}--${id}` : id)

    visit(tree, 'element', (node: Element) => {
      const properties = node.properties
      if (typeof properties.id === 'string') properties.id = rename(properties.id)
      // A `name` (raw HTML only) is a property of `document` on images and forms.
      if (typeof properties.name === 'string') properties.name = `${prefix}--${properties.name}`
      for (const name of idListProperties) {
        const value = properties[name]
        if (Array.isArray(value)) properties[name] = value.map((id) => rename(String(id)))
      }
      const footnoteLink =
        properties.dataFootnoteRef !== undefined || properties.dataFootnoteBackref !== undefined
      if (footnoteLink && typeof properties.href === 'string' && properties.href.startsWith('#')) {
        // The notes' ids are written as their links are, percent-encoded (`fn-caf%C3%A9`).
        const target = properties.href.slice(1)
        properties.href = `#${rename(ids.has(target) ? target : safeDecode(target))}`
      }
    })
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
