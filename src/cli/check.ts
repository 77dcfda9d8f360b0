/**
 * `bulletin check [--content DIR] [--drafts]`: everything the build
 * validates, without writing anything, for use before a commit.
 */
import {resolve} from 'node:path'
import {fileHistories, sectionHistories} from '../authoring/history.ts'
import {warnOutdatedSections} from '../authoring/status.ts'
import {build} from '../engine/build.ts'
import {report} from '../model/report.ts'
import {colorsOn, progressLine} from './terminal.ts'
import {parseOptions} from './usage.ts'

/** Usage of the check command. */
export const checkUsage = `Usage: bulletin check [options]

Check the content folder as the build does (front matter, sections, links,
images, translations and their figures), without writing the site; in a
git repository, also the translated sections older than their original's.

Options:
  --content DIR   content folder, with site.yml and issues/ (default: content)
  --drafts        check issues marked \`draft: true\` as published ones
  --layouts DIR   theme folder for the stylesheet, script, icon and messages
                  (default: Bulletin's layouts/)
  --quiet, -q     print only the problems: no progress, no summary line
  --help          show this help

Problems are printed as \`path:line:column  severity  message  rule\`.
Exit code: 0 no error (warnings allowed), 1 content errors, 2 usage or
system error: the same as the build's.
`

/** Run the check command; returns the exit code. */
export async function runCheck(args: string[], cwd: string): Promise<number> {
  const {values} = parseOptions({
    args,
    options: {
      content: {type: 'string', default: 'content'},
      drafts: {type: 'boolean', default: false},
      layouts: {type: 'string'},
      quiet: {type: 'boolean', short: 'q', default: false},
      help: {type: 'boolean', short: 'h', default: false}
    },
    strict: true,
    allowPositionals: false
  })
  if (values.help) {
    process.stdout.write(checkUsage)
    return 0
  }

  const progress = progressLine(process.stderr, {
    live: Boolean(process.stderr.isTTY) && !values.quiet,
    label: 'Checking'
  })
  const result = await build({
    progress: progress.listener,
    content: values.content,
    out: 'dist',
    drafts: values.drafts,
    cwd,
    dryRun: true,
    search: false,
    ...(values.layouts === undefined ? {} : {layouts: values.layouts})
  })
  progress.clear()
  if (result.archive) {
    const content = resolve(cwd, values.content)
    const sections = await sectionHistories(result.archive, await fileHistories(content), cwd)
    if (sections.size > 0) warnOutdatedSections(result.archive, sections)
  }
  const problems = report(result.files, {color: colorsOn(process.stderr)})
  if (problems) process.stderr.write(problems)
  const issues = result.files.filter((file) => file.data.matter).length
  if (!result.ok) {
    process.stderr.write(`Check failed: ${issues} issue files read.\n`)
    return 1
  }
  if (values.quiet) return 0
  process.stdout.write(`Checked ${issues} issue files and ${result.pages} pages: no error\n`)
  return 0
}
