/**
 * The benchmark's floor: read the issue files and render their Markdown
 * with the build's own processor, and nothing else (no layout, no search,
 * no writing). Prints the milliseconds it took, from the first read.
 */
import {resolve} from 'node:path'
import {parseMessages, type Messages} from '../src/i18n.ts'
import {defaultLayouts, loadSources} from '../src/load.ts'
import {assembleArchive} from '../src/read-archive.ts'
import {createRenderer} from '../src/render.ts'
import type {Lang} from '../src/types.ts'

const started = performance.now()
const sources = await loadSources({content: resolve(process.argv[2] ?? 'content'), layouts: defaultLayouts, cwd: process.cwd()})
const messages: Partial<Record<Lang, Messages>> = {}
for (const lang of ['fr', 'en'] as const) {
  const parsed = parseMessages(sources.catalogues[lang])
  if (parsed) messages[lang] = parsed
}
const archive = assembleArchive(sources, false)
if (!archive) throw new Error('No configuration')
const render = createRenderer(archive, messages)
for (const issue of archive.issues) for (const file of Object.values(issue.files)) render(file)
process.stdout.write(`${JSON.stringify({milliseconds: performance.now() - started, files: sources.issues.length})}\n`)
