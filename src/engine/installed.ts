/**
 * The packages a package runs on, as installed: its dependencies, theirs,
 * and so on, each found the way Node finds it (the nearest `node_modules`
 * up from the package that needs it), so the answer is the same under npm,
 * pnpm or a tarball installed elsewhere, and no lock file is needed.
 */
import {readFileSync, realpathSync, statSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

interface Manifest {
  name?: string
  version?: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

/**
 * `name@version` of the package in `folder` and of every package it
 * depends on at run time, sorted; a dependency that is not installed (an
 * optional one for another platform) counts as missing.
 */
export function installedPackages(folder: string): string[] {
  const found = new Set<string>()
  const seen = new Set<string>()
  const visit = (at: string, manifest: Manifest): void => {
    found.add(`${manifest.name ?? '?'}@${manifest.version ?? '?'}`)
    const names = Object.keys({...manifest.dependencies, ...manifest.optionalDependencies})
    for (const name of names.sort()) {
      const where = locate(name, at)
      if (where === undefined) {
        found.add(`${name}@missing`)
        continue
      }
      if (seen.has(where)) continue
      seen.add(where)
      visit(where, readManifest(where))
    }
  }
  const start = realpathSync(folder)
  seen.add(start)
  visit(start, readManifest(start))
  return [...found].sort()
}

/** The real folder of package `name` as Node resolves it from `folder`, if installed. */
function locate(name: string, folder: string): string | undefined {
  for (let at = folder; ; at = dirname(at)) {
    // As Node does, a folder named node_modules holds packages, it is not a package's.
    if (basename(at) !== 'node_modules') {
      const candidate = join(at, 'node_modules', name)
      // A stat that finds nothing is quicker than a realpath that throws.
      if (statSync(candidate, {throwIfNoEntry: false})?.isDirectory())
        return realpathSync(candidate)
    }
    if (dirname(at) === at) return undefined
  }
}

function readManifest(folder: string): Manifest {
  try {
    return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest
  } catch (error) {
    throw new Error(`Cannot read the package.json of ${folder}`, {cause: error})
  }
}
