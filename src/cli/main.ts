#!/usr/bin/env node
/**
 * The `bulletin` command: the only modules that print or set the exit code
 * are this dispatcher and the commands it runs (one module each).
 * Exit codes: 0 success, 1 content errors or nothing found, 2 usage or system error.
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {setFlagsFromString} from 'node:v8'
import {packageFolder} from '../engine/own-code.ts'
import {isUsageError, suggestion, UsageError} from './usage.ts'

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

/** What each command does, in a line, and how to load it. */
interface Entry {
  summary: string
  load: () => Promise<Command>
}

// Loaded on demand: a command does not pay for the modules of the others.
const commands: Record<string, Entry> = {
  build: {
    summary: 'build the site from the content folder into dist/',
    load: async () => import('./build.ts').then((m) => ({run: m.runBuild, usage: m.buildUsage}))
  },
  check: {
    summary: 'check the content as the build does, without writing',
    load: async () => import('./check.ts').then((m) => ({run: m.runCheck, usage: m.checkUsage}))
  },
  dev: {
    summary: 'serve a live preview that rebuilds at every save',
    load: async () => import('./dev.ts').then((m) => ({run: m.runDev, usage: m.devUsage}))
  },
  new: {
    summary: 'start a new issue, or the translation of one',
    load: async () => import('./new.ts').then((m) => ({run: m.runNew, usage: m.newUsage}))
  },
  import: {
    summary: 'turn a plain-text issue into a Markdown issue file',
    load: async () => import('./import.ts').then((m) => ({run: m.runImport, usage: m.importUsage}))
  },
  status: {
    summary: 'show which issues lack a translation or have an older one',
    load: async () => import('./status.ts').then((m) => ({run: m.runStatus, usage: m.statusUsage}))
  },
  search: {
    summary: 'search the built site from the terminal',
    load: async () => import('./search.ts').then((m) => ({run: m.runSearch, usage: m.searchUsage}))
  }
}

/** The list of commands, for `bulletin`, `bulletin help` and `bulletin --help`. */
function overview(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length)) + 2
  const lines = Object.entries(commands).map(
    ([name, entry]) => `  ${name.padEnd(width)}${entry.summary}`
  )
  return `Usage: bulletin COMMAND [options]

Bulletin builds a bilingual crisis bulletin archive into a static site.

Commands:
${lines.join('\n')}

Options:
  --help, -h     show this help; \`bulletin help COMMAND\` shows a command's
  --version      show Bulletin's version

Exit code: 0 success, 1 content errors or nothing found, 2 usage or system error.
`
}

/** Bulletin's version, from its package.json. */
function version(): string {
  const manifest = JSON.parse(readFileSync(join(packageFolder(), 'package.json'), 'utf8')) as {
    version?: string
  }
  return `bulletin ${manifest.version ?? 'unknown'} (Node ${process.version})\n`
}

/** The command called `name`, or a usage error naming the closest. */
function lookUp(name: string): Entry {
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (entry) return entry
  throw new UsageError(
    `Unknown command \`${name}\`${suggestion(name, Object.keys(commands))}\nRun \`bulletin help\` for the list of commands.`
  )
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name !== 'help' || rest[0] === undefined) {
      process.stdout.write(overview())
      return 0
    }
    process.stdout.write((await lookUp(rest[0]).load()).usage)
    return 0
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(version())
    return 0
  }
  const command = await lookUp(name).load()
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
    if (isUsageError(error)) {
      process.stderr.write(`bulletin: ${error.message}\n`)
    } else {
      process.stderr.write(`bulletin: ${describe(error)}\n`)
    }
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
