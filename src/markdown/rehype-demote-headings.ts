/**
 * Fit a part's headings under the page's: whatever level a writer starts at
 * (`#` or `##`), the part's top headings become `h3`, below the article's
 * `h2`, and the levels below follow without gaps.
 */
import type {Element, Root} from 'hast'
import {headingRank} from 'hast-util-heading-rank'
import {visit} from 'unist-util-visit'

/** The level a part's top headings get. */
const topRank = 3

/** Shift the headings of the tree so the highest becomes `h3`; the footnotes' label is `h3` too. */
export function rehypeDemoteHeadings() {
  return (tree: Root): undefined => {
    const headings: Element[] = []
    let footnoteLabel: Element | undefined
    visit(tree, 'element', (node) => {
      if (headingRank(node) === undefined) return
      if (node.properties.id === 'footnote-label') footnoteLabel = node
      else headings.push(node)
    })
    const highest = Math.min(...headings.map((node) => headingRank(node) ?? 6))
    for (const node of headings) {
      const rank = headingRank(node) ?? highest
      node.tagName = `h${Math.min(6, rank - highest + topRank)}`
    }
    if (footnoteLabel) footnoteLabel.tagName = `h${topRank}`
  }
}
