/**
 * The command line: the only modules that print or set the exit code are
 * this dispatcher and the commands it runs (`cli-*.ts`).
 * Exit codes: 0 success, 1 content errors or nothing found, 2 usage or system error.
 */
import {setFlagsFromString} from 'node:v8'
import {isUsageError} from './usage.ts'

// V8 lets the heap grow up to four times what a collection leaves: a cold
// build of 8,000 pages, whose live data is about 450 MB, then peaks at 1.0
// to 1.4 GB with garbage. Half as much again keeps it under 1 GB, for some
// more time collecting (see the README's Performance). Read at each
// collection, so set here, before any work; worker threads share the flags.
setFlagsFromString('--heap-growing-percent=50')

/** A command's module: how to run it and its usage. */
interface Command {
  run: (args: string[], cwd: string) => Promise<number>
  usage: string
}

// Loaded on demand: a command does not pay for the modules of the others.
const commands: Record<string, () => Promise<Command>> = {
  build: async () =>
    import('./build.ts').then((module) => ({run: module.runBuild, usage: module.buildUsage})),
  check: async () =>
    import('./check.ts').then((module) => ({run: module.runCheck, usage: module.checkUsage})),
  dev: async () =>
    import('./dev.ts').then((module) => ({run: module.runDev, usage: module.devUsage})),
  import: async () =>
    import('./import.ts').then((module) => ({
      run: module.runImport,
      usage: module.importUsage
    })),
  new: async () =>
    import('./new.ts').then((module) => ({run: module.runNew, usage: module.newUsage})),
  search: async () =>
    import('./search.ts').then((module) => ({
      run: module.runSearch,
      usage: module.searchUsage
    })),
  status: async () =>
    import('./status.ts').then((module) => ({run: module.runStatus, usage: module.statusUsage}))
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write((await commands.build!()).usage)
    return name === undefined ? 2 : 0
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (!load) {
    process.stderr.write(
      `Unknown command \`${name}\`: expected ${Object.keys(commands).join(', ')}\n\n${(await commands.build!()).usage}`
    )
    return 2
  }
  const command = await load()
  try {
    return await command.run(rest, process.cwd())
  } catch (error) {
    if (!isUsageError(error)) throw error
    process.stderr.write(`${error.message}\n\n${command.usage}`)
    return 2
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`bulletin: ${describe(error)}\n`)
    process.exitCode = 2
  }
)

/** An error and its causes, one a line, outermost first. */
function describe(error: unknown): string {
  const lines: string[] = []
  let current: unknown = error
  while (current !== undefined && lines.length < 10) {
    lines.push(current instanceof Error ? current.message : String(current))
    current = current instanceof Error ? current.cause : undefined
  }
  return lines.join('\n  caused by: ')
}
