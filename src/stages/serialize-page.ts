/**
 * A page's tree to its template: the serializer's plugins (French
 * typography, relative addresses), its assets' slots marked, HTML. Pure,
 * so that a layout thread (see `layout-threads.ts`) gives the same bytes as
 * the build's own.
 */
import type {Root} from 'hast'
import rehypeStringify from 'rehype-stringify'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {digest} from '../engine/digest.ts'
import {rehypeFrenchTypography} from '../markdown/rehype-french-typography.ts'
import {rehypeRelativeUrls} from '../markdown/rehype-relative-urls.ts'
import * as routes from '../model/routes.ts'
import {searchedDigest} from '../search/searched-digest.ts'
import {markSlots, slotsOf} from './asset-slots.ts'
import type {Template} from './page-kind.ts'

const serializer = unified()
  .use(rehypeFrenchTypography)
  .use(rehypeRelativeUrls)
  .use(rehypeStringify)
  .freeze()

/**
 * The template of the page at `address` from its tree, which this changes;
 * `searched` for a page the search index takes in (its template carries
 * the digest of what the index reads).
 */
export function serializeTemplate(tree: Root, address: string, searched: boolean): Template {
  const file = new VFile({path: routes.outputPath(address), data: {page: {url: address}}})
  const done = serializer.runSync(tree, file) as Root
  const marks = markSlots(done)
  const {template, slots} = slotsOf(serializer.stringify(done, file), marks)
  const made = {text: template, digest: digest(template), slots}
  return searched ? {...made, body: searchedDigest(template)} : made
}
