/** What the search index reads of a page, as a digest: everything after its `<head>` (stylesheet and icon addresses). */
import {createHash} from 'node:crypto'

/** The digest of what the search index reads of a page's HTML. */
export function searchedDigest(html: string): string {
  return createHash('sha256')
    .update(html.slice(html.indexOf('</head>')))
    .digest('base64url')
}
