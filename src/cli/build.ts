/**
 * `bulletin build [--content DIR] [--out DIR] [--drafts]`: build the site
 * and print the problems, then one line with what was written.
 */
import {build} from '../engine/build.ts'
import {defaultCacheFolder} from '../engine/cache.ts'
import {report} from '../model/report.ts'
import {colorsOn, progressLine} from './terminal.ts'
import {parseOptions} from './usage.ts'

/** Usage of the build command. */
export const buildUsage = `Usage: bulletin build [options]

Build the bulletin archive from its content folder into a static site.

Options:
  --content DIR   content folder, with site.yml and issues/ (default: content)
  --out DIR       output folder, replaced as a whole: only one Bulletin made,
                  or an empty or missing one (default: dist)
  --drafts        include issues marked \`draft: true\`
  --no-search     leave out the search index
  --no-cache      neither read nor write the cache, .cache/bulletin/ (renderings,
                  search index, record of the last build)
  --layouts DIR   theme folder for the stylesheet, script, icon and messages
                  (default: Bulletin's layouts/)
  --quiet, -q     print only the problems: no progress, no summary line
  --help          show this help

On a terminal, a line on stderr shows the progress of each phase; the
summary line gives each phase's time. Colours follow NO_COLOR and FORCE_COLOR.

Problems are printed as \`path:line:column  severity  message  rule\`.
The build stops before writing anything when there is an error, so the
previous site stays as it was. Exit code: 0 built, 1 content errors,
2 usage or system error.
`

/** Run the build command; returns the exit code. */
export async function runBuild(args: string[], cwd: string): Promise<number> {
  const {values} = parseOptions({
    args,
    options: {
      content: {type: 'string', default: 'content'},
      out: {type: 'string', default: 'dist'},
      drafts: {type: 'boolean', default: false},
      search: {type: 'boolean', default: true},
      cache: {type: 'boolean', default: true},
      layouts: {type: 'string'},
      quiet: {type: 'boolean', short: 'q', default: false},
      help: {type: 'boolean', short: 'h', default: false}
    },
    strict: true,
    allowPositionals: false,
    allowNegative: true
  })
  if (values.help) {
    process.stdout.write(buildUsage)
    return 0
  }

  const started = performance.now()
  const progress = progressLine(process.stderr, {
    live: Boolean(process.stderr.isTTY) && !values.quiet,
    label: 'Building'
  })
  // A signal ends the build on the event loop, so never between the two
  // renames of the swap: the output folder is the old site or the new one.
  const stop = (signal: NodeJS.Signals): void => {
    progress.clear()
    process.stderr.write(
      `Build stopped by ${signal}: ${values.out} is as it was, or holds the new site whole.\n`
    )
    process.exit(signal === 'SIGINT' ? 130 : 143)
  }
  process.once('SIGINT', stop).once('SIGTERM', stop).once('SIGHUP', stop)
  const result = await build({
    progress: progress.listener,
    content: values.content,
    out: values.out,
    drafts: values.drafts,
    cwd,
    search: values.search,
    ...(values.cache ? {cache: defaultCacheFolder} : {}),
    ...(values.layouts === undefined ? {} : {layouts: values.layouts})
  })
  process.off('SIGINT', stop).off('SIGTERM', stop).off('SIGHUP', stop)
  progress.clear()
  const problems = report(result.files, {color: colorsOn(process.stderr)})
  if (problems) process.stderr.write(problems)
  const seconds = ((performance.now() - started) / 1000).toFixed(2)
  if (!result.ok) {
    process.stderr.write(`Build failed: nothing written, ${values.out} is as it was.\n`)
    return 1
  }
  if (values.quiet) return 0
  if (result.upToDate) {
    process.stdout.write(
      `Up to date: nothing changed since the last build, ${values.out} is as it was (${result.pages} pages, checked in ${seconds} s)\n`
    )
    return 0
  }
  process.stdout.write(
    `Built ${result.pages} pages (${result.written} files) into ${values.out} in ${seconds} s (${progress.times()})\n`
  )
  return 0
}
