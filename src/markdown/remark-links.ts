/**
 * Resolve the URLs of links, images and link definitions: links to other
 * issues' files become links to their pages, the issue's own files are
 * published, and anything that can't be reached or isn't safe is an error
 * at its place in the file.
 */
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import {visit} from 'unist-util-visit'
import type {LinkKind, Resolution} from '../stages/links.ts'
import {fail, warn} from '../model/message.ts'
import type {SourceInfo} from '../model/types.ts'

/** Options of `remarkLinks`. */
export interface RemarkLinksOptions {
  /** Resolve a URL written in `file`, described by `from`. */
  resolve(from: SourceInfo, url: string, kind: LinkKind, file: VFile): Resolution
}

/** Rewrite every URL of the tree to where it leads, reporting broken or unsafe ones. */
export function remarkLinks(options: RemarkLinksOptions) {
  return (tree: Root, file: VFile): undefined => {
    const source = file.data.source
    if (!source) return
    const images = new Set<string>()
    visit(tree, (node) => {
      if (node.type !== 'image' && node.type !== 'imageReference') return
      if (node.type === 'imageReference') images.add(node.identifier)
      if (!node.alt?.trim()) {
        warn(
          file,
          'Image without alternative text: describe it between the brackets, `![what it shows](photo.jpg)`',
          node.position,
          'missing-alt'
        )
      }
    })
    visit(tree, (node) => {
      if (node.type !== 'link' && node.type !== 'image' && node.type !== 'definition') return
      // A definition used by an image reference is an image.
      const kind: LinkKind =
        node.type === 'image' || (node.type === 'definition' && images.has(node.identifier))
          ? 'image'
          : 'link'
      const result = options.resolve(source, node.url, kind, file)
      if ('error' in result) {
        fail(file, result.error, node.position, result.rule)
        node.url = ''
        return
      }
      node.url = result.url
      if (result.asset !== undefined) {
        file.data.usedAssets ??= new Set()
        file.data.usedAssets.add(result.asset)
      }
    })
  }
}
