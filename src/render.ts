/**
 * Render stage: the Markdown of each issue file (introduction and sections)
 * through unified into sanitized hast, with links resolved. Sets
 * `file.data.rendered` and `file.data.usedAssets`.
 */
import type {Root as HastRoot} from 'hast'
import rehypeSanitize, {defaultSchema, type Options as SanitizeSchema} from 'rehype-sanitize'
import rehypeSlug from 'rehype-slug'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified, type Processor} from 'unified'
import {VFile} from 'vfile'
import type {Archive} from './archive.ts'
import {format, type Messages} from './i18n.ts'
import {resolveUrl} from './links.ts'
import {rehypeDemoteHeadings} from './rehype-demote-headings.ts'
import {rehypePrefixIds} from './rehype-prefix-ids.ts'
import {rehypeTableAlign} from './rehype-table-align.ts'
import {remarkLinks} from './remark-links.ts'
import {remarkRejectHtml} from './remark-reject-html.ts'
import type {Lang, MarkdownPart, RenderedIssue} from './types.ts'

/**
 * The sanitizer's default schema (GitHub's), without its id prefix: ids are
 * prefixed per article by `rehypePrefixIds`, after headings get theirs.
 */
const schema: SanitizeSchema = {...defaultSchema, clobber: [], clobberPrefix: ''}

/** A Markdown part's processor: Markdown in, sanitized hast out. */
export type PartProcessor = Processor<import('mdast').Root, import('mdast').Root, HastRoot>

/** Make the processor of one language for one build. */
export function createProcessor(archive: Archive, messages: Messages): PartProcessor {
  return unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkRejectHtml)
    .use(remarkLinks, {resolve: (from, url, kind) => resolveUrl(archive, from, url, kind)})
    .use(remarkRehype, {
      clobberPrefix: '',
      footnoteLabel: messages.footnotes,
      footnoteLabelProperties: {},
      footnoteBackLabel: (reference, rereference) =>
        format(messages.backToReference, {reference: rereference > 1 ? `${reference + 1}-${rereference}` : reference + 1})
    })
    .use(rehypeSanitize, schema)
    .use(rehypeSlug)
    .use(rehypeDemoteHeadings)
    .use(rehypeTableAlign)
    .use(rehypePrefixIds)
    .freeze() as unknown as PartProcessor
}

/**
 * Render the introduction and sections of an issue file that went through
 * the front-matter stage. Messages land on the issue file at their place.
 */
export function renderIssueFile(file: VFile, processors: Readonly<Partial<Record<Lang, PartProcessor>>>): void {
  const matter = file.data.matter
  const source = file.data.source
  const processor = source ? processors[source.lang] : undefined
  if (!matter || !source || !processor) return

  file.data.usedAssets ??= new Set()
  const renderPart = (part: MarkdownPart, idPrefix: string): {tree: HastRoot} => {
    // Blank lines before the part put every node at its line in the file.
    const partFile = new VFile({
      path: file.path,
      value: '\n'.repeat(part.line - 1) + part.value,
      data: {source, idPrefix, usedAssets: file.data.usedAssets ?? new Set()}
    })
    const tree = processor.runSync(processor.parse(partFile), partFile)
    file.messages.push(...partFile.messages)
    return {tree}
  }

  const rendered: RenderedIssue = {sections: new Map()}
  if (matter.intro) rendered.intro = renderPart(matter.intro, '_intro')
  for (const section of matter.sections) rendered.sections.set(section.id, renderPart(section.body, section.id))
  file.data.rendered = rendered
}
