/**
 * The one version of Bulletin's code that cached values are keyed by: the
 * contents of all its modules and of its default layouts, in the form they
 * run in (`src/` and `layouts/`, or compiled in `lib/`), the name and
 * version of Bulletin and of every package it runs on as installed, and
 * Node's version. No list of modules is kept by hand: a change to any file
 * of Bulletin, the URL scheme as much as the Markdown pipeline, makes every
 * value cached by other code another's.
 */
import {createHash} from 'node:crypto'
import {fileURLToPath} from 'node:url'
import {installedPackages} from './installed.ts'
import {packageFolder} from './own-code.ts'
import {contentDigest} from './up-to-date.ts'

/** What the code version is made of. */
export interface CodeRoots {
  /** Folders whose every file counts. */
  folders: readonly string[]
  /** The package whose installed dependencies count. */
  package: string
}

/** Bulletin's own: its modules, its layouts, and its package. */
export const bulletinCode: CodeRoots = {
  folders: [
    fileURLToPath(new URL('../', import.meta.url)),
    fileURLToPath(new URL('../../layouts/', import.meta.url))
  ],
  package: packageFolder()
}

/** The digest of the code in `roots` and of Node's version. A few milliseconds: compute it once per build. */
export function codeVersion(roots: CodeRoots = bulletinCode): string {
  return createHash('sha256')
    .update(contentDigest(roots.folders, process.version))
    .update('\0')
    .update(installedPackages(roots.package).join('\n'))
    .digest('hex')
}
