/**
 * Where Bulletin's own code is and in which form it runs: from its
 * TypeScript sources through tsx (this repository's `npm run …` and the
 * tests), or compiled to JavaScript in `lib/` (the `bulletin` command, as
 * installed). Threads and processes that Bulletin starts run the same form
 * as the module that starts them.
 */
import {existsSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

/** Whether this process runs Bulletin's TypeScript sources (through tsx) rather than its compiled code. */
export const fromSources = import.meta.url.endsWith('.ts')

/**
 * The module `name` (written with `.ts`) next to the module at `base`, in
 * the form Bulletin runs in.
 */
export function moduleBeside(name: string, base: string): URL {
  return new URL(fromSources ? name : name.replace(/\.ts$/, '.js'), base)
}

/** Node's options that a child process needs to run Bulletin's modules: tsx's loader for the sources. */
export function loaderArguments(): string[] {
  return fromSources ? ['--import', import.meta.resolve('tsx')] : []
}

/**
 * Bulletin's package folder, the one holding its `package.json`: two
 * folders up from the sources (`src/engine/`), three from the compiled
 * code (`lib/src/engine/`).
 */
export function packageFolder(from: string = fileURLToPath(import.meta.url)): string {
  let folder = dirname(from)
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder)
    if (parent === folder) throw new Error(`No package.json above ${from}: where is Bulletin?`)
    folder = parent
  }
  return folder
}
