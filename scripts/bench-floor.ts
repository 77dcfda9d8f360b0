/**
 * The benchmark's floor: read the issue files and render their Markdown
 * with the build's own processor, and nothing else (no layout, no search,
 * no writing). Prints the milliseconds it took, from the first read.
 */
import {resolve} from 'node:path'
import {buildArchive} from '../src/archive.ts'
import {defaultLayouts} from '../src/build.ts'
import {parseConfig} from '../src/config.ts'
import {parseIssueFile} from '../src/front-matter.ts'
import {parseMessages, type Messages} from '../src/i18n.ts'
import {loadSources} from '../src/load.ts'
import {createRenderer} from '../src/render.ts'
import type {Lang} from '../src/types.ts'

const started = performance.now()
const sources = await loadSources({content: resolve(process.argv[2] ?? 'content'), layouts: defaultLayouts, cwd: process.cwd()})
const config = parseConfig(sources.config)
const messages: Partial<Record<Lang, Messages>> = {}
for (const lang of ['fr', 'en'] as const) {
  const parsed = parseMessages(sources.catalogues[lang])
  if (parsed) messages[lang] = parsed
}
if (!config) throw new Error('No configuration')
for (const file of sources.issues) parseIssueFile(file, config)
const archive = buildArchive(config, sources.issues, false)
const render = createRenderer(archive, messages)
for (const issue of archive.issues) for (const file of Object.values(issue.files)) render(file)
process.stdout.write(`${JSON.stringify({milliseconds: performance.now() - started, files: sources.issues.length})}\n`)
