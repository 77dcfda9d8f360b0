/**
 * `npm run bench:input`: how long `npm run check` takes on the worst
 * files that pass the input bounds of `src/markdown-limits.ts`: each holds
 * as much of one costly construct as the bounds let through, or of all of
 * them, then prose up to the 1 MB limit; and on files past the bounds. Prints a table: time and peak memory of
 * the whole command, and time per 100 KB. Measured here, never in tests.
 */
import {spawn} from 'node:child_process'
import {cp, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const size = 1_000_000 - 1_000

/** `block` `count` times, then prose up to `size` bytes: blocks are separated by a blank line. */
function fill(block: string, count: number): string {
  const blocks = `${block}\n\n`.repeat(count)
  const prose =
    'Les agents en télétravail reçoivent des masques et du gel hydro-alcoolique. '.repeat(10)
  return (
    blocks +
    `${prose}\n\n`.repeat(
      Math.max(
        0,
        Math.floor((size - Buffer.byteLength(blocks)) / Buffer.byteLength(`${prose}\n\n`))
      )
    )
  )
}

/** The worst parts that each per-file bound lets through. */
const parts = {
  emphasis: ['*a _b_ c* '.repeat(249), 20],
  brackets: ['[lien](https://example.org/) '.repeat(999), 10],
  quotes: [`${'> '.repeat(100)}x`, 101],
  tables: [`|${'a|'.repeat(100)}\n|${'-|'.repeat(100)}\n${`|${'x|'.repeat(100)}\n`.repeat(20)}`, 9],
  rows: [`|a|b|\n|-|-|\n${'|x|y|\n'.repeat(1999)}`, 4],
  nodes: ['`a` '.repeat(900), 27]
} as const

const cases: Record<string, string> = {
  'prose only': fill('', 0),
  'emphasis: 20,000 marks': fill(...parts.emphasis),
  'brackets: 10,000 links': fill(...parts.brackets),
  'quotes 100 deep: 10,000 nested': fill(...parts.quotes),
  'tables of 100 columns: 20,000 cells': fill(...parts.tables),
  'tables of 2,000 rows: 16,000 cells': fill(...parts.rows),
  'inline code: 49,000 elements': fill(...parts.nodes),
  'sections: 5,000': Array.from(
    {length: 5000},
    (_, index) => `---DNUM\nid: s${index}\ntitle: Section ${index}\n---\n${'Texte. '.repeat(20)}\n`
  ).join('\n'),
  'past the bounds: brackets': fill('['.repeat(100_000), 1),
  'past the bounds: lists 1,000 deep': fill(`${'- '.repeat(1000)}x`, 1)
}

function check(cwd: string): Promise<{seconds: number; megabytes: number}> {
  return new Promise((done, fail) => {
    const started = performance.now()
    const child = spawn(
      '/usr/bin/time',
      [
        '-f',
        '%M',
        process.execPath,
        '--import',
        import.meta.resolve('tsx'),
        join(root, 'src', 'cli', 'main.ts'),
        'check'
      ],
      {cwd, stdio: ['ignore', 'ignore', 'pipe']}
    )
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', fail)
    child.on('exit', () =>
      done({
        seconds: (performance.now() - started) / 1000,
        megabytes: Number(stderr.trim().split('\n').at(-1)) / 1024
      })
    )
  })
}

const scratch = await mkdtemp(join(tmpdir(), 'bulletin-bench-input-'))
try {
  console.log(
    '| file of about 1 MB | check, whole command | per 100 KB | peak memory |\n| --- | --: | --: | --: |'
  )
  for (const [name, markdown] of Object.entries(cases)) {
    const site = join(scratch, name.replace(/\W+/g, '-'))
    await mkdir(join(site, 'content', 'issues', 'a'), {recursive: true})
    await cp(join(root, 'tests', 'hostile', 'site.yml'), join(site, 'content', 'site.yml'))
    const text = `---\nissue: 1\ndate: 2020-04-02\ntitle: Un\n---\n${markdown}`
    await writeFile(join(site, 'content', 'issues', 'a', 'fr.md'), text)
    const {seconds, megabytes} = await check(site)
    const per100 = seconds / (Buffer.byteLength(text) / 100_000)
    console.log(
      `| ${name} | ${seconds.toFixed(2)} s | ${per100.toFixed(2)} s | ${Math.round(megabytes)} MB |`
    )
  }
} finally {
  await rm(scratch, {recursive: true, force: true})
}
