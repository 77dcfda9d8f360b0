/**
 * Raw HTML in Markdown is left out of the page (content is data, never
 * code); this plugin tells the writer where it was.
 */
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {visit} from 'unist-util-visit'
import {warn} from './message.ts'

/** Warn about each piece of raw HTML, which the page will not show. */
export function remarkRejectHtml() {
  return (tree: Root, file: VFile): undefined => {
    visit(tree, 'html', (node) => {
      const snippet = node.value.length > 40 ? `${node.value.slice(0, 40)}…` : node.value
      warn(file, `Raw HTML is not allowed and is left out of the page: \`${snippet.replaceAll('\n', ' ')}\``, node.position, 'no-html')
    })
  }
}
