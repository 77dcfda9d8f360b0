/**
 * The command line: the only module that prints or sets the exit code.
 * Exit codes: 0 success, 1 content errors, 2 usage or system error.
 */
import {parseArgs} from 'node:util'
import {build} from './build.ts'
import {importUsage, runImport, UsageError} from './cli-import.ts'
import {runSearch, searchUsage} from './cli-search.ts'
import {report} from './report.ts'

const usage = `Usage: npm run build -- [options]

Build the bulletin archive from its content folder into a static site.

Options:
  --content DIR   content folder, with site.yml and issues/ (default: content)
  --out DIR       output folder, replaced as a whole (default: dist)
  --drafts        include issues marked \`draft: true\`
  --help          show this help

Problems are printed as \`path:line:column  severity  message  rule\`.
The build stops before writing anything when there is an error, so the
previous site stays as it was. Exit code: 0 built, 1 content errors,
2 usage or system error.
`

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(usage)
    return command === undefined ? 2 : 0
  }
  const subcommands: Record<string, {run: (args: string[], cwd: string) => Promise<number>; usage: string}> = {
    import: {run: runImport, usage: importUsage},
    search: {run: runSearch, usage: searchUsage}
  }
  const subcommand = subcommands[command]
  if (subcommand) {
    try {
      return await subcommand.run(rest, process.cwd())
    } catch (error) {
      if (!(error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')))) throw error
      process.stderr.write(`${error.message}\n\n${subcommand.usage}`)
      return 2
    }
  }
  if (command !== 'build') {
    process.stderr.write(`Unknown command \`${command}\`\n\n${usage}`)
    return 2
  }

  let values: {content: string; out: string; drafts: boolean; help: boolean}
  try {
    ;({values} = parseArgs({
      args: rest,
      options: {
        content: {type: 'string', default: 'content'},
        out: {type: 'string', default: 'dist'},
        drafts: {type: 'boolean', default: false},
        help: {type: 'boolean', short: 'h', default: false}
      },
      strict: true,
      allowPositionals: false
    }))
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`)
    return 2
  }
  if (values.help) {
    process.stdout.write(usage)
    return 0
  }

  const started = performance.now()
  const result = await build({content: values.content, out: values.out, drafts: values.drafts, cwd: process.cwd()})
  const problems = report(result.files, {color: process.stderr.isTTY})
  if (problems) process.stderr.write(problems)
  const seconds = ((performance.now() - started) / 1000).toFixed(2)
  if (!result.ok) {
    process.stderr.write(`Build failed: nothing written, ${values.out} is as it was.\n`)
    return 1
  }
  process.stdout.write(`Built ${result.pages} pages (${result.written} files) into ${values.out} in ${seconds} s\n`)
  return 0
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
