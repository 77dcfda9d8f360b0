/**
 * A link written as its own address (`<https://…>`, an e-mail address) is
 * marked `bare-link`, so that print, which follows each web link with its
 * address, does not print that address twice.
 */
import type {Root} from 'hast'
import {toString} from 'hast-util-to-string'
import {visit} from 'unist-util-visit'

/** Whether a link's text says the same as its address: equal but for `mailto:`, a trailing slash or case. */
export function isBareLink(text: string, href: string): boolean {
  const plain = (value: string): string =>
    value
      .trim()
      .replace(/^mailto:/i, '')
      .replace(/\/$/, '')
      .toLowerCase()
  return text.trim() !== '' && plain(text) === plain(href)
}

/** Add the `bare-link` class to links whose text is their address. */
export function rehypeMarkBareLinks() {
  return (tree: Root): undefined => {
    visit(tree, 'element', (node) => {
      const href = node.properties.href
      if (node.tagName !== 'a' || typeof href !== 'string' || !isBareLink(toString(node), href))
        return
      const classes = Array.isArray(node.properties.className) ? node.properties.className : []
      node.properties.className = [...classes, 'bare-link']
    })
  }
}
