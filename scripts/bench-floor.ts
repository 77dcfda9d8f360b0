/**
 * The benchmark's floor: read the issue files and render their Markdown
 * with the build's own processor, and nothing else (no layout, no search,
 * no writing). Prints the milliseconds it took, from the first read.
 */
import {resolve} from 'node:path'
import {parseMessages, type Messages} from '../src/model/i18n.ts'
import {defaultLayouts, loadSources} from '../src/stages/load.ts'
import {assembleArchive} from '../src/stages/read-archive.ts'
import {createProcessors, renderIssue} from '../src/stages/render.ts'
import type {Lang} from '../src/model/types.ts'

const started = performance.now()
const sources = await loadSources({
  content: resolve(process.argv[2] ?? 'content'),
  layouts: defaultLayouts,
  cwd: process.cwd()
})
const messages: Partial<Record<Lang, Messages>> = {}
for (const lang of ['fr', 'en'] as const) {
  const parsed = parseMessages(sources.catalogues[lang])
  if (parsed) messages[lang] = parsed
}
const archive = assembleArchive(sources, false)
if (!archive) throw new Error('No configuration')
// One thread, and no store: what rendering costs without the workers and the engine.
const processors = createProcessors(archive, messages)
for (const file of archive.issues.flatMap((issue) => Object.values(issue.files))) {
  const {matter, source} = file.data
  const language = source && processors[source.lang]
  if (matter && source && language) renderIssue(file.path, matter, source, language.processor)
}
process.stdout.write(
  `${JSON.stringify({milliseconds: performance.now() - started, files: sources.issues.length})}\n`
)
