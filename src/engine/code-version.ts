/**
 * The one version of Bulletin's code that cached values are keyed by: the
 * contents of all its modules (`src/`) and of its default layouts
 * (`layouts/`), its lock file (so every dependency's version), and Node's
 * version. No list of modules is kept by hand: a change to any file of
 * Bulletin, the URL scheme as much as the Markdown pipeline, makes every
 * value cached by other code another's.
 */
import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {contentDigest} from './up-to-date.ts'

/** What the code version is made of. */
export interface CodeRoots {
  /** Folders whose every file counts. */
  folders: readonly string[]
  /** Files that count; one that is missing counts as missing. */
  files: readonly string[]
}

/** Bulletin's own: `src/`, `layouts/` and `package-lock.json`. */
export const bulletinCode: CodeRoots = {
  folders: [
    fileURLToPath(new URL('../', import.meta.url)),
    fileURLToPath(new URL('../../layouts/', import.meta.url))
  ],
  files: [fileURLToPath(new URL('../../package-lock.json', import.meta.url))]
}

/** The digest of the code in `roots` and of Node's version. A few milliseconds: compute it once per build. */
export function codeVersion(roots: CodeRoots = bulletinCode): string {
  const hash = createHash('sha256').update(contentDigest(roots.folders, process.version))
  for (const file of roots.files) {
    let text: Buffer | undefined
    try {
      text = readFileSync(file)
    } catch {
      text = undefined
    }
    hash.update(`\0${file}\0`).update(text ?? 'missing')
  }
  return hash.digest('hex')
}
