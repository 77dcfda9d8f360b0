/**
 * GFM tables align columns with the `align` attribute, which HTML no longer
 * has; a class does the same through the stylesheet, and keeps pages free
 * of inline styles for a strict Content-Security-Policy.
 */
import type {Root} from 'hast'
import {visit} from 'unist-util-visit'

/** Replace `align` on table cells by an `align-left|center|right` class. */
export function rehypeTableAlign() {
  return (tree: Root): undefined => {
    visit(tree, 'element', (node) => {
      if (node.tagName !== 'td' && node.tagName !== 'th') return
      const align = node.properties.align
      delete node.properties.align
      if (typeof align === 'string' && ['left', 'center', 'right'].includes(align))
        node.properties.className = [`align-${align}`]
    })
  }
}
