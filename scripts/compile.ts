/**
 * `npm run compile` (and npm's `prepare`, so before `npm pack`): Bulletin's
 * modules and default layouts compiled to JavaScript in `lib/`, which the
 * `bulletin` command runs without tsx or TypeScript. The files that are
 * read rather than imported (the theme's stylesheet, script, icon and
 * messages, the dev server's client) are copied beside them, so `lib/` is
 * whole. Compiled into a new folder, then swapped in: a failed compile
 * leaves the last `lib/` as it was, and a `lib/` that this script did not
 * make is never replaced.
 */
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {cp, readdir, rename, rm, writeFile} from 'node:fs/promises'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const lib = join(root, 'lib')
const mark = '.bulletin-compiled'
const temporary = join(root, `lib.tmp-${process.pid}`)
const old = join(root, `lib.old-${process.pid}`)

if (existsSync(lib) && !existsSync(join(lib, mark))) {
  process.stderr.write(`compile: ${lib} exists and was not made by this script: move it away\n`)
  process.exit(2)
}
const tsc = fileURLToPath(import.meta.resolve('typescript/bin/tsc'))
const compiled = spawnSync(
  process.execPath,
  [tsc, '--project', join(root, 'tsconfig.build.json'), '--outDir', temporary],
  {stdio: 'inherit'}
)
if (compiled.status !== 0) {
  await rm(temporary, {recursive: true, force: true})
  process.exit(compiled.status ?? 2)
}
for (const folder of ['src', 'layouts']) {
  const from = join(root, folder)
  for (const name of await readdir(from, {recursive: true})) {
    if (/\.ts$/.test(name) || !/\.[a-z]+$/.test(name)) continue
    await cp(join(from, name), join(temporary, folder, name))
  }
}
await writeFile(
  join(temporary, mark),
  'Compiled by scripts/compile.ts: replaced at each compile.\n'
)
if (existsSync(lib)) await rename(lib, old)
await rename(temporary, lib)
await rm(old, {recursive: true, force: true})
process.stdout.write(`Compiled Bulletin into ${relative(process.cwd(), lib) || '.'}/\n`)
