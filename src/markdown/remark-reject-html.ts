/**
 * Raw HTML in Markdown is left out of the page (content is data, never
 * code); this plugin tells the writer where it was. Comments are writers'
 * notes (`bulletin new` writes its examples as comments): left out silently.
 */
import type {Html, Root} from 'mdast'
import type {VFile} from 'vfile'
import {visit} from 'unist-util-visit'
import {warn} from '../model/message.ts'

/** Warn about each piece of raw HTML, which the page will not show. */
export function remarkRejectHtml() {
  return (tree: Root, file: VFile): undefined => {
    visit(tree, 'html', (node) => {
      if (isComment(node)) return
      const snippet = node.value.length > 40 ? `${node.value.slice(0, 40)}…` : node.value
      warn(
        file,
        `Raw HTML is not allowed and is left out of the page: \`${snippet.replaceAll('\n', ' ')}\``,
        node.position,
        'no-html'
      )
    })
  }
}

/** A comment and nothing else: its only `-->` ends it. */
function isComment(node: Html): boolean {
  const value = node.value.trimEnd()
  return value.startsWith('<!--') && value.indexOf('-->', 4) === value.length - 3
}
