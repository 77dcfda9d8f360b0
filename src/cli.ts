/**
 * The command line: the only modules that print or set the exit code are
 * this dispatcher and the commands it runs (`cli-*.ts`).
 * Exit codes: 0 success, 1 content errors or nothing found, 2 usage or system error.
 */
import {buildUsage, runBuild} from './cli-build.ts'
import {checkUsage, runCheck} from './cli-check.ts'
import {devUsage, runDev} from './cli-dev.ts'
import {importUsage, runImport} from './cli-import.ts'
import {newUsage, runNew} from './cli-new.ts'
import {runSearch, searchUsage} from './cli-search.ts'
import {runStatus, statusUsage} from './cli-status.ts'
import {isUsageError} from './cli-usage.ts'

const commands: Record<string, {run: (args: string[], cwd: string) => Promise<number>; usage: string}> = {
  build: {run: runBuild, usage: buildUsage},
  check: {run: runCheck, usage: checkUsage},
  dev: {run: runDev, usage: devUsage},
  import: {run: runImport, usage: importUsage},
  new: {run: runNew, usage: newUsage},
  search: {run: runSearch, usage: searchUsage},
  status: {run: runStatus, usage: statusUsage}
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(buildUsage)
    return name === undefined ? 2 : 0
  }
  const command = commands[name]
  if (!command) {
    process.stderr.write(`Unknown command \`${name}\`: expected ${Object.keys(commands).join(', ')}\n\n${buildUsage}`)
    return 2
  }
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
