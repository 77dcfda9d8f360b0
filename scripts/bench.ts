/**
 * `npm run bench -- [--issues N] [--runs R] [--json FILE]`: how fast
 * Bulletin builds a synthetic archive of N issues (2N pages), each figure
 * the median of R runs in separate processes. Prints a table and writes it
 * as JSON. Speed is measured here, never asserted in tests.
 */
import {spawn, spawnSync} from 'node:child_process'
import {appendFile, cp, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import {cpus, tmpdir, totalmem} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'
import {generateArchive} from './generate-archive.ts'
import {hugoVersion, writeHugoSite} from './bench-hugo.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const tsx = import.meta.resolve('tsx')
// The command as installed: compiled (see scripts/compile.ts), without tsx.
const cli = join(root, 'lib', 'src', 'cli', 'main.js')

interface Run {
  milliseconds: number
  /** Peak resident memory of the process, in MB. */
  memory: number
  stdout: string
}

/**
 * Run node with `args` in `cwd` (a TypeScript script through tsx), timed
 * from spawn to exit, with its peak memory.
 */
function timed(args: string[], cwd: string): Promise<Run> {
  return new Promise((done, fail) => {
    const started = performance.now()
    const loader = args[0]?.endsWith('.ts') ? ['--import', tsx] : []
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, ...loader, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', fail)
    child.on('exit', (code) => {
      const milliseconds = performance.now() - started
      if (code !== 0) return fail(new Error(`${args.join(' ')} exited with ${code}:\n${stderr}`))
      const kilobytes = Number(stderr.trim().split('\n').at(-1))
      done({milliseconds, memory: kilobytes / 1024, stdout})
    })
  })
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0
}

const {values} = parseArgs({
  options: {
    issues: {type: 'string', default: '4000'},
    runs: {type: 'string', default: '3'},
    json: {type: 'string', default: join(root, '.cache', 'bench.json')}
  },
  strict: true
})
const issues = Number(values.issues)
const runs = Number(values.runs)
const work = await mkdtemp(join(tmpdir(), 'bulletin-bench-'))
const content = join(work, 'content')
const layouts = join(work, 'layouts')
const rows: {name: string; milliseconds: number; memory?: number; runs?: number}[] = []
/** A measure whose first run takes longer is not repeated: its noise is small beside it, and the bench must fit in ten minutes. */
const longRun = 20_000
const log = (line: string): void => void process.stderr.write(`${line}\n`)

/** Measure `prepare` then `args`, `runs` times (once if it is long); record the median. */
async function measure(
  name: string,
  args: string[],
  prepare: (run: number) => Promise<void> = async () => undefined
): Promise<Run[]> {
  const results: Run[] = []
  for (let run = 0; run < runs; run++) {
    await prepare(run)
    results.push(await timed(args, work))
    if ((results[0]?.milliseconds ?? 0) > longRun) break
  }
  const row = {
    name,
    milliseconds: median(results.map((result) => result.milliseconds)),
    memory: Math.max(...results.map((result) => result.memory)),
    runs: results.length
  }
  rows.push(row)
  log(`${name}: ${(row.milliseconds / 1000).toFixed(2)} s`)
  return results
}

try {
  log('Compiling Bulletin…')
  const compiled = spawnSync(
    process.execPath,
    ['--import', tsx, join(root, 'scripts', 'compile.ts')],
    {
      stdio: 'inherit'
    }
  )
  if (compiled.status !== 0) throw new Error('Cannot compile Bulletin')
  await measureCommand(
    'bulletin --help',
    [process.execPath, cli, '--help'],
    work,
    async () => undefined,
    10
  )
  await measureCommand(
    'bulletin check of this repository’s content (the real archive)',
    [process.execPath, cli, 'check'],
    root,
    async () => undefined,
    5
  )
  log(`Generating ${issues} issues…`)
  await generateArchive(issues, content)
  await cp(join(root, 'layouts'), layouts, {recursive: true})
  const build = (extra: string[]): string[] => [
    cli,
    'build',
    '--content',
    'content',
    '--out',
    'dist',
    '--layouts',
    'layouts',
    ...extra
  ]
  const clearCache = async (): Promise<void> =>
    rm(join(work, '.cache'), {recursive: true, force: true})

  const floor = await measure('floor: read and render the Markdown, nothing else', [
    join(root, 'scripts', 'bench-floor.ts'),
    'content'
  ])
  void floor
  await measure('cold build, no search', build(['--no-search']), clearCache)
  await measure('cold build, with search', build([]), clearCache)
  const pagefind = join(root, 'node_modules', 'pagefind', 'lib', 'runner', 'bin.cjs')
  await measureCommand(
    'Pagefind’s command line on the same pages',
    [process.execPath, pagefind, '--site', 'dist', '--output-subdir', 'pagefind-cli', '--quiet'],
    work,
    () => rm(join(work, 'dist', 'pagefind-cli'), {recursive: true, force: true})
  )
  await rm(join(work, 'dist', 'pagefind-cli'), {recursive: true, force: true})

  const hugo = hugoVersion()
  if (hugo !== undefined) {
    await writeHugoSite(content, join(work, 'hugo'))
    await measureCommand(
      `${hugo}: full build of the same archive (pages and lists, no search)`,
      ['hugo', '--quiet'],
      join(work, 'hugo'),
      async () => {
        for (const folder of ['public', 'resources'])
          await rm(join(work, 'hugo', folder), {recursive: true, force: true})
      }
    )
    await rm(join(work, 'hugo'), {recursive: true, force: true})
  }

  await timed(build([]), work)
  await measure('warm build, nothing changed', build([]))
  const edited = join(content, 'issues', '2020-04-02', 'fr.md')
  await measure('warm build, one issue file changed', build([]), (run) =>
    appendFile(edited, `\nUne phrase de plus, ${run}.\n`)
  )
  await measure('warm build, a layout changed', build([]), (run) =>
    appendFile(join(layouts, 'style.css'), `\n.bench-${run} { color: inherit }\n`)
  )

  const saves = Math.max(10, runs * 5)
  // As a writer does: the dev server starts after a build of the same site, with its own layouts.
  await timed([cli, 'build', '--content', 'content', '--out', 'dist'], work)
  const dev = await devTimes(saves)
  rows.push({
    name: 'bulletin dev: first build served, warm cache, after bulletin build',
    milliseconds: dev.start,
    runs: 1
  })
  rows.push({
    name: 'bulletin dev: body edit to reload event, median',
    milliseconds: median(dev.body),
    runs: saves
  })
  rows.push({
    name: 'bulletin dev: body edit to reload event, 95th percentile',
    milliseconds: percentile(dev.body, 0.95),
    runs: saves
  })
  rows.push({
    name: 'bulletin dev: title edit to reload event, median',
    milliseconds: median(dev.title),
    runs: saves
  })

  const table = [
    `| ${issues} issues, ${issues * 2} pages | time | peak memory | runs |`,
    '| --- | --: | --: | --: |',
    ...rows.map(
      (row) =>
        `| ${row.name} | ${duration(row.milliseconds)} | ${row.memory === undefined ? '' : `${Math.round(row.memory)} MB`} | ${row.runs ?? ''} |`
    )
  ].join('\n')
  const verdicts = targets()
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`
  process.stdout.write(
    `${table}\n\nMachine: ${machine}; medians of up to ${runs} runs (measures over ${longRun / 1000} s run once).\n\n${verdicts}\n`
  )
  await mkdir(join(values.json, '..'), {recursive: true})
  await writeFile(
    values.json,
    `${JSON.stringify({issues, pages: issues * 2, runs, machine, rows}, null, 2)}\n`
  )
} finally {
  await rm(work, {recursive: true, force: true})
}

/**
 * Time another program (`command` then its arguments) in `cwd`, `runs`
 * times after `prepare`, and record the median; no memory figure, as it is
 * not Node.
 */
async function measureCommand(
  name: string,
  [command, ...args]: string[],
  cwd: string,
  prepare: () => Promise<void>,
  times = runs
): Promise<void> {
  const measured: number[] = []
  for (let run = 0; run < times; run++) {
    await prepare()
    const started = performance.now()
    await new Promise<void>((done, fail) => {
      const child = spawn(command ?? '', args, {cwd, stdio: 'ignore'})
      child.on('error', fail)
      child.on('exit', (code) =>
        code === 0 ? done() : fail(new Error(`${name}: exited with ${code}`))
      )
    })
    measured.push(performance.now() - started)
  }
  rows.push({name, milliseconds: median(measured), runs: times})
  log(`${name}: ${(median(measured) / 1000).toFixed(2)} s`)
}

function duration(milliseconds: number): string {
  return milliseconds >= 1000
    ? `${(milliseconds / 1000).toFixed(2)} s`
    : `${Math.round(milliseconds)} ms`
}

/** The targets of issues 15 and 16, each with what was measured and whether it is met. */
function targets(): string {
  const time = (start: string): number =>
    rows.find((row) => row.name.startsWith(start))?.milliseconds ?? Number.NaN
  const floor = time('floor')
  const cold = time('cold build, no search')
  const coldSearch = time('cold build, with search')
  // The target is a cold build's: the floor's script is not a build of Bulletin.
  const memory = Math.max(
    ...rows.filter((row) => row.name.startsWith('cold build')).map((row) => row.memory ?? 0)
  )
  // The targets of issue 15.
  const lines: [string, number, number, string?][] = [
    ['cold build ≤ 1.25 × floor', cold, 1.25 * floor],
    [
      'cold build with search ≤ floor + Pagefind’s command line',
      coldSearch,
      floor + time('Pagefind')
    ],
    ['warm build, nothing changed < 0.3 s', time('warm build, nothing changed'), 300],
    ['warm build, one issue changed < 2 s', time('warm build, one issue'), 2000],
    ...(rows.some((row) => row.name.startsWith('hugo'))
      ? [
          [
            'warm build, one issue changed < half of Hugo’s full build',
            time('warm build, one issue'),
            time('hugo') / 2
          ] as [string, number, number]
        ]
      : []),
    ['warm build, a layout changed < 3 s', time('warm build, a layout'), 3000],
    ['dev: first build served on a warm cache < 10 s', time('bulletin dev: first build'), 10_000],
    [
      'dev: body edit to reload, median < 50 ms',
      time('bulletin dev: body edit to reload event, median'),
      50
    ],
    [
      'dev: body edit to reload, 95th percentile < 150 ms',
      time('bulletin dev: body edit to reload event, 95th'),
      150
    ],
    [
      'dev: title edit to reload, median < 100 ms',
      time('bulletin dev: title edit to reload event, median'),
      100
    ],
    ['peak memory of a cold build < 1 GB', memory, 1024, 'MB'],
    // Issue 16's.
    ['bulletin --help < 200 ms', time('bulletin --help'), 200]
  ]
  return [
    '| target | measured | limit | verdict |',
    '| --- | --: | --: | --- |',
    ...lines.map(([name, value, limit, unit]) => {
      const show = (amount: number): string =>
        unit === 'MB' ? `${Math.round(amount)} MB` : duration(amount)
      return `| ${name} | ${show(value)} | ${show(limit)} | ${value <= limit ? 'met' : `missed by ${show(value - limit)}`} |`
    })
  ].join('\n')
}

/**
 * Start `npm run dev` on the warm cache and time its first build, then save
 * an issue `count` times with a body edit and `count` times with a title
 * edit (which reaches the lists), and time each save to its reload event.
 */
async function devTimes(count: number): Promise<{start: number; body: number[]; title: number[]}> {
  const launched = performance.now()
  const child = spawn(process.execPath, [cli, 'dev', '--content', 'content', '--port', '0'], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'inherit']
  })
  try {
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    while (!/Built in/.test(output)) await new Promise((done) => setTimeout(done, 20))
    const start = performance.now() - launched
    const url = /at (http:\/\/\S+\/) /.exec(output)?.[1] ?? ''
    const response = await fetch(`${url}_bulletin/events`)
    const reader = response.body?.getReader()
    if (!reader) throw new Error('No event stream')
    const decoder = new TextDecoder()
    let buffer = ''
    const nextReload = async (): Promise<void> => {
      for (;;) {
        const index = buffer.indexOf('event: reload')
        if (index !== -1) {
          buffer = buffer.slice(index + 13)
          return
        }
        const {value, done} = await reader.read()
        if (done) throw new Error('The event stream ended')
        buffer += decoder.decode(value)
      }
    }
    const path = join(content, 'issues', '2020-04-09', 'fr.md')
    const original = await readFile(path, 'utf8')
    const timeSaves = async (edit: (run: number) => string): Promise<number[]> => {
      const times: number[] = []
      for (let run = 0; run < count; run++) {
        buffer = ''
        const started = performance.now()
        await writeFile(path, edit(run))
        await nextReload()
        times.push(performance.now() - started)
        // Let the background search refresh settle, as a writer's pause would.
        await new Promise((done) => setTimeout(done, 300))
      }
      return times
    }
    const body = await timeSaves((run) => `${original}\nUne phrase de plus, ${run}.\n`)
    const title = await timeSaves((run) =>
      original.replace(/^title: .*$/m, `title: Édition ${run}`)
    )
    await writeFile(path, original)
    await reader.cancel()
    return {start, body, title}
  } finally {
    // Gone before its folder is: a watcher that saw the archive deleted would report it.
    if (child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done))
      child.kill('SIGINT')
      const late = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(late)
    }
  }
}
