/**
 * Turn the site-absolute URLs of a laid-out page (`/fr/numeros/1/`) into
 * URLs relative to the page, so the built site works under any sub-path.
 */
import type {Root} from 'hast'
import type {VFile} from 'vfile'
import {visit} from 'unist-util-visit'
import {relativeUrl} from '../model/routes.ts'

const urlProperties = ['href', 'src', 'action'] as const

/** Rewrite `href`, `src` and refresh URLs relative to `file.data.page.url`. */
export function rehypeRelativeUrls() {
  return (tree: Root, file: VFile): undefined => {
    const from = file.data.page?.url
    if (from === undefined) return
    visit(tree, 'element', (node) => {
      // A base is the one URL that must stay as written: the others are relative to it.
      if (node.tagName === 'base') return
      for (const name of urlProperties) {
        const value = node.properties[name]
        if (typeof value === 'string') node.properties[name] = relativeUrl(from, value)
      }
      const content = node.properties.content
      if (node.tagName === 'meta' && typeof content === 'string' && /^\d+;\s*url=/i.test(content)) {
        node.properties.content = content.replace(
          /(url=)(.*)$/is,
          (_, prefix: string, url: string) => prefix + relativeUrl(from, url)
        )
      }
    })
  }
}
