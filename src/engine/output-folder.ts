/**
 * The output folder and its replacement. Bulletin replaces only a folder it
 * made: each one holds a marker file, `.bulletin-output`, whose second line
 * says what the folder is (the published site, a site being staged, or the
 * site it replaced). A folder without the marker, or that is, holds or lies
 * in something precious (the content, a repository, the home folder, a file
 * system root), is refused before anything is written.
 *
 * The swap is two renames in a row: the old site is renamed aside, the
 * staged one takes its name. They are synchronous, so a signal, which the
 * command line handles on the event loop, cannot land between them; should
 * the process die there all the same (SIGKILL, a power cut), the next build
 * finds the folder missing and the staged site complete, and finishes the
 * swap before anything else.
 */
import {randomBytes} from 'node:crypto'
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  writeFileSync
} from 'node:fs'
import {mkdir, readdir, rm} from 'node:fs/promises'
import {homedir} from 'node:os'
import {basename, dirname, join, parse, resolve, sep} from 'node:path'
import {realPathOf} from '../stages/load.ts'

/** The marker's name, in every folder Bulletin writes a site to. */
export const markerName = '.bulletin-output'

const markerHead = 'This folder was made by Bulletin, and the next build replaces it whole.'

/** What a folder with a marker is. */
type Role = {kind: 'site'} | {kind: 'staging' | 'retired'; id: string}

/** A refusal to use a folder as output: the user must choose another. */
export class OutputFolderError extends Error {
  override name = 'OutputFolderError'
}

/** Folders an output folder must keep away from. */
export interface Guarded {
  content: string
  layouts: string
  /** The current folder: the output may lie inside it, never hold it. */
  cwd: string
  cache?: string | undefined
}

/**
 * Where a site for `out` is published: `out` itself, or the folder it
 * links to when it is a symbolic link (a deploy layout such as
 * `dist -> /srv/www/bulletin`), so that the served folder gets the site.
 */
export function publishTarget(out: string): string {
  const stats = lstatSync(out, {throwIfNoEntry: false})
  if (!stats?.isSymbolicLink()) return realPathOf(out)
  let target: string
  try {
    target = realpathSync(out)
  } catch (error) {
    throw new OutputFolderError(
      `The output folder ${out} is a symbolic link to nothing: point it at a folder, or remove it`,
      {cause: error}
    )
  }
  if (!statSync(target).isDirectory())
    throw new OutputFolderError(
      `The output folder ${out} links to ${target}, which is not a folder`
    )
  return target
}

/**
 * Throw an {@link OutputFolderError} unless `target` may be replaced by a
 * site: it must be missing, empty, or a folder Bulletin made, and must not
 * be, hold or lie in a guarded folder, a repository or the home folder.
 */
export function checkOutputFolder(out: string, target: string, guarded: Guarded): void {
  const choose = 'choose an output folder of its own, such as dist/'
  if (parse(target).root === target)
    throw new OutputFolderError(`The output folder ${out} is the root of a file system: ${choose}`)
  const home = realPathOf(homedir())
  if (holds(target, home))
    throw new OutputFolderError(
      `The output folder ${out} would replace the home folder ${home}: ${choose}`
    )
  const named: [string, string | undefined][] = [
    ['content folder', guarded.content],
    ['layouts folder', guarded.layouts],
    ['cache folder', guarded.cache]
  ]
  for (const [what, path] of named) {
    if (path === undefined) continue
    const real = realPathOf(path)
    if (holds(target, real) || holds(real, target))
      throw new OutputFolderError(
        `The output folder ${out} would replace, or lie in, the ${what} ${path}: ${choose}`
      )
  }
  if (holds(target, realPathOf(guarded.cwd)))
    throw new OutputFolderError(
      `The output folder ${out} would replace the current folder ${guarded.cwd}: ${choose}`
    )
  if (target.split(sep).includes('.git'))
    throw new OutputFolderError(
      `The output folder ${out} lies in a git repository's .git folder: ${choose}`
    )
  const stats = lstatSync(target, {throwIfNoEntry: false})
  if (!stats) return
  if (!stats.isDirectory())
    throw new OutputFolderError(
      `The output folder ${out} is a file, not a folder: move it away, or ${choose}`
    )
  if (existsSync(join(target, '.git')))
    throw new OutputFolderError(`The output folder ${out} is a git repository: ${choose}`)
  const entries = readdirSync(target)
  // A folder marked `retired` is a site whose build died as it swapped the next one in.
  if (entries.length === 0 || roleOf(target) !== undefined) return
  throw new OutputFolderError(
    `The output folder ${out} holds files that Bulletin did not make (it has no ${markerName} file), and a build replaces it whole: ` +
      `move those files away, or choose another output folder. A site built by a Bulletin older than the marker can be deleted and built again.`
  )
}

/** Whether `outer` is `inner` or holds it. */
function holds(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep)
}

/** What the marker in `folder` says it is; none when there is no sound marker. */
function roleOf(folder: string): Role | undefined {
  let text: string
  try {
    if (!lstatSync(join(folder, markerName)).isFile()) return undefined
    text = readFileSync(join(folder, markerName), 'utf8')
  } catch {
    return undefined
  }
  const [head, role, ...rest] = text.split('\n')
  if (head !== markerHead || rest.join('') !== '') return undefined
  if (role === 'site') return {kind: 'site'}
  const match = /^(staging|retired) ([0-9a-f]{12})$/.exec(role ?? '')
  return match ? {kind: match[1] as 'staging' | 'retired', id: match[2] as string} : undefined
}

function writeMarker(folder: string, role: Role): void {
  const temporary = join(folder, `${markerName}.tmp`)
  writeFileSync(
    temporary,
    `${markerHead}\n${role.kind === 'site' ? 'site' : `${role.kind} ${role.id}`}\n`
  )
  renameSync(temporary, join(folder, markerName))
}

/**
 * Make a staging folder beside `target`, with the permissions of any
 * folder the user makes (their umask), and mark it as Bulletin's.
 */
export async function createStagingFolder(target: string): Promise<string> {
  await mkdir(dirname(target), {recursive: true})
  await recoverSwap(target)
  await removeLeftovers(target)
  const id = randomBytes(6).toString('hex')
  const folder = `${target}.tmp-${id}`
  await mkdir(folder)
  writeMarker(folder, {kind: 'staging', id})
  return folder
}

/**
 * Swap the staged site in for `target`. Both renames are synchronous, so
 * no signal handler or other work runs between them.
 */
export function swapIn(staging: string, target: string): string | undefined {
  writeMarker(staging, {kind: 'site'})
  if (!lstatSync(target, {throwIfNoEntry: false})) {
    renameSync(staging, target)
    return undefined
  }
  const id = /\.tmp-([0-9a-f]{12})$/.exec(staging)?.[1] ?? randomBytes(6).toString('hex')
  const old = `${target}.old-${id}`
  writeMarker(target, {kind: 'retired', id})
  renameSync(target, old)
  renameSync(staging, target)
  return old
}

/** Remove a folder that {@link swapIn} retired, or a staging folder given up. */
export async function removeOurs(folder: string): Promise<void> {
  if (roleOf(folder) !== undefined) await rm(folder, {recursive: true, force: true})
}

/**
 * A build killed between the two renames of a swap left no `target`: the
 * staged site, complete, takes its place; failing that, the retired one
 * comes back.
 */
export async function recoverSwap(target: string): Promise<void> {
  if (lstatSync(target, {throwIfNoEntry: false})) return
  const siblings = await leftovers(target)
  const ready = siblings.find(
    (sibling) => sibling.role.kind === 'site' && sibling.name.includes('.tmp-')
  )
  const retired = siblings.find((sibling) => sibling.role.kind === 'retired')
  const back = ready ?? retired
  if (back) renameSync(join(dirname(target), back.name), target)
}

/**
 * Staging and retired folders of `target` that builds killed before they
 * could clean up: named after it, and marked as that very folder. A
 * folder of the user's that only has such a name is left alone.
 */
async function leftovers(target: string): Promise<{name: string; role: Role}[]> {
  const name = basename(target)
  const entries = await readdir(dirname(target)).catch(() => [])
  const found: {name: string; role: Role}[] = []
  for (const entry of entries.sort()) {
    const match = /^(.*)\.(tmp|old)-([0-9a-f]{12})$/.exec(entry)
    if (match?.[1] !== name) continue
    const role = roleOf(join(dirname(target), entry))
    const expected = match[2] === 'tmp' ? 'staging' : 'retired'
    // A staging folder marked `site` was complete when its build died mid-swap.
    if (
      role &&
      (role.kind === 'site' ? match[2] === 'tmp' : role.kind === expected && role.id === match[3])
    )
      found.push({name: entry, role})
  }
  return found
}

async function removeLeftovers(target: string): Promise<void> {
  for (const leftover of await leftovers(target))
    await rm(join(dirname(target), leftover.name), {recursive: true, force: true})
  // A build killed as it made its staging folder leaves it before its marker: empty, or with the marker half written.
  const name = basename(target)
  for (const entry of await readdir(dirname(target)).catch(() => [])) {
    if (!/^(.*)\.tmp-[0-9a-f]{12}$/.test(entry) || entry.slice(0, -17) !== name) continue
    const folder = join(dirname(target), entry)
    const inside = await readdir(folder).catch(() => undefined)
    if (
      inside?.every((file) => file === markerName || file === `${markerName}.tmp`) &&
      roleOf(folder) === undefined
    )
      await rm(folder, {recursive: true, force: true})
  }
}

/** The path of `relativePath` in `root`; never outside it. */
export function inside(root: string, relativePath: string): string {
  const target = resolve(root, relativePath)
  if (!target.startsWith(root + sep))
    throw new Error(`Refusing to write outside the output folder: ${relativePath}`)
  return target
}
