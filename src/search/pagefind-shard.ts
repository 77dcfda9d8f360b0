/**
 * Pagefind's side of the search index: one shard's pages indexed in
 * Pagefind's own process, from the staging folder (where Pagefind reads
 * them on every core) or sent from memory (the dev server, which writes
 * nothing), and Pagefind's code files as the installed Pagefind makes them.
 */
import * as pagefind from 'pagefind'
import {VFile} from 'vfile'
import {fail} from '../model/message.ts'
import {isBundleCode, searchFolder} from '../model/routes.ts'

/** Pages sent to Pagefind at a time from memory. */
const abortBatch = 100

/** Where a shard's pages are. */
export interface ShardOptions {
  /** The folder where the pages are written; without it they are sent from memory. */
  folder?: string | undefined
  /** Aborting stops the indexing within a batch of pages; the promise then rejects. */
  signal?: AbortSignal | undefined
}

/** Index one shard's pages; its data files, by path inside its bundle. Pagefind's problems go to `report`. */
export async function indexShard(
  members: readonly VFile[],
  report: VFile,
  options: ShardOptions
): Promise<VFile[]> {
  const {index, errors} = await pagefind.createIndex({})
  for (const error of errors) fail(report, `Pagefind: ${error}`, undefined, 'search-index')
  if (!index) return []
  if (options.folder !== undefined && members.length > 0) {
    // One pattern naming the shard's pages: Pagefind reads them on every core.
    const glob = `{${members.map((page) => page.path).join(',')}}`
    for (const error of (await index.addDirectory({path: options.folder, glob})).errors)
      fail(report, `Pagefind: ${error}`, undefined, 'search-index')
  } else {
    await addFromMemory(index, members, options.signal)
  }
  options.signal?.throwIfAborted()
  const bundle = await index.getFiles()
  for (const error of bundle.errors) fail(report, `Pagefind: ${error}`, undefined, 'search-index')
  const files = bundle.files
    .filter((file) => !isBundleCode(file.path))
    .map((file) => new VFile({path: file.path, value: file.content}))
  checkCounts(files, members, report)
  return files
}

/** Send pages a batch at a time: Pagefind indexes while the rest of a batch is on its way, and an abort waits for one batch at most. */
async function addFromMemory(
  index: pagefind.PagefindIndex,
  members: readonly VFile[],
  signal: AbortSignal | undefined
): Promise<void> {
  for (let start = 0; start < members.length; start += abortBatch) {
    signal?.throwIfAborted()
    const batch = members.slice(start, start + abortBatch)
    const added = await Promise.all(
      batch.map((page) =>
        index.addHTMLFile({url: page.data.page?.url ?? '', content: String(page.value)})
      )
    )
    for (const [position, result] of added.entries()) {
      const page = batch[position]
      if (page)
        for (const error of result.errors)
          fail(page, `Pagefind could not index this page: ${error}`, undefined, 'search-index')
    }
  }
}

/** Each language of a shard holds as many pages as were laid out for it. */
function checkCounts(files: readonly VFile[], members: readonly VFile[], report: VFile): void {
  const entry = files.find((file) => file.path === 'pagefind-entry.json')
  const counts = entry
    ? (
        JSON.parse(new TextDecoder().decode(entry.value as Uint8Array)) as {
          languages: Record<string, {page_count: number}>
        }
      ).languages
    : {}
  const expected: Record<string, number> = {}
  for (const page of members) {
    const lang = page.data.page?.searchable?.lang
    if (lang !== undefined) expected[lang] = (expected[lang] ?? 0) + 1
  }
  for (const lang of [...new Set([...Object.keys(counts), ...Object.keys(expected)])].sort()) {
    const indexed = counts[lang]?.page_count ?? 0
    const wanted = expected[lang] ?? 0
    if (indexed !== wanted)
      fail(
        report,
        `The search index has ${indexed} ${lang} pages, but ${wanted} ${lang} issue pages were laid out`,
        undefined,
        'search-index-count'
      )
  }
}

/**
 * Pagefind's code files, for `languages`, as the installed Pagefind makes
 * them: from an index of one page per language, which takes a fraction of a
 * second. Paths are those of the bundle in the site.
 */
export async function pagefindRuntime(languages: readonly string[]): Promise<VFile[]> {
  try {
    const {index, errors} = await pagefind.createIndex({})
    if (!index) throw new Error(`Pagefind did not start: ${errors.join('; ')}`)
    for (const language of languages)
      await index.addCustomRecord({url: `/${language}/`, content: language, language})
    const bundle = await index.getFiles()
    if (bundle.errors.length > 0) throw new Error(`Pagefind: ${bundle.errors.join('; ')}`)
    return bundle.files
      .filter((file) => isBundleCode(file.path))
      .map((file) => new VFile({path: `${searchFolder}/${file.path}`, value: file.content}))
  } finally {
    await pagefind.close()
  }
}
