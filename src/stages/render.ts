/**
 * Render stage: the Markdown of each issue file (introduction and sections)
 * through unified into sanitized hast, with links resolved. Sets
 * `file.data.rendered` and `file.data.usedAssets`.
 */
import type {Root as HastRoot} from 'hast'
import {toText} from 'hast-util-to-text'
import rehypeRaw from 'rehype-raw'
import rehypeSanitize, {defaultSchema, type Options as SanitizeSchema} from 'rehype-sanitize'
import rehypeSlug from 'rehype-slug'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import {unified, type Processor} from 'unified'
import {removePosition} from 'unist-util-remove-position'
import {VFile} from 'vfile'
import type {Archive} from './archive.ts'
import {format, type Messages} from '../model/i18n.ts'
import {resolveUrl} from './links.ts'
import {rehypeDemoteHeadings} from '../markdown/rehype-demote-headings.ts'
import {rehypePrefixIds} from '../markdown/rehype-prefix-ids.ts'
import {rehypeMarkBareLinks} from '../markdown/rehype-mark-bare-links.ts'
import {rehypeTableAlign} from '../markdown/rehype-table-align.ts'
import {remarkLinks} from '../markdown/remark-links.ts'
import {remarkRejectHtml} from '../markdown/remark-reject-html.ts'
import {
  checkMarkdownText,
  checkTree,
  createBudget,
  type LimitProblem,
  type MarkdownBudget
} from './markdown-limits.ts'
import {fail} from '../model/message.ts'
import {digest} from '../engine/digest.ts'
import type {
  IssueMatter,
  Lang,
  MarkdownPart,
  RenderedIssue,
  RenderedPart,
  SourceInfo
} from '../model/types.ts'
import type {VFileMessage} from 'vfile-message'

/**
 * The sanitizer's default schema (GitHub's), without its id prefix: ids are
 * prefixed per article by `rehypePrefixIds`, after headings get theirs.
 */
const schema: SanitizeSchema = {...defaultSchema, clobber: [], clobberPrefix: ''}

/** A Markdown part's processor: Markdown in, sanitized hast out. */
export type PartProcessor = Processor<import('mdast').Root, import('mdast').Root, HastRoot>

/** Make the processor of one language for one build. */
export function createProcessor(archive: Archive, messages: Messages): PartProcessor {
  const {rawHtml} = archive.config
  return (
    unified()
      .use(remarkParse)
      .use(remarkGfm)
      .use(rawHtml ? [] : [remarkRejectHtml])
      .use(remarkLinks, {
        resolve: (from, url, kind, file) =>
          resolveUrl(archive, from, url, kind, file.data.linkTargets)
      })
      .use(remarkRehype, {
        allowDangerousHtml: rawHtml,
        clobberPrefix: '',
        footnoteLabel: messages.footnotes,
        footnoteLabelProperties: {},
        footnoteBackLabel: (reference, rereference) =>
          format(messages.backToReference, {
            reference: rereference > 1 ? `${reference + 1}-${rereference}` : reference + 1
          })
      })
      // Raw HTML, when the site keeps it, is parsed here and cleaned with the rest.
      .use(rawHtml ? [rehypeRaw] : [])
      .use(rehypeSanitize, schema)
      .use(rehypeSlug)
      .use(rehypeDemoteHeadings)
      .use(rehypeTableAlign)
      .use(rehypeMarkBareLinks)
      .use(rehypePrefixIds)
      .freeze() as unknown as PartProcessor
  )
}

/** The processor of each language, with the key of what shapes its output. */
export type Processors = Partial<Record<Lang, {processor: PartProcessor; key: string}>>

/** The processors of one build, one per language with a catalogue. */
export function createProcessors(
  archive: Archive,
  messages: Readonly<Partial<Record<Lang, Messages>>>
): Processors {
  const processors: Processors = {}
  for (const lang of archive.config.languages) {
    const catalogue = messages[lang]
    if (catalogue)
      processors[lang] = {
        processor: createProcessor(archive, catalogue),
        key: digest(
          lang,
          JSON.stringify(catalogue),
          String(archive.config.rawHtml),
          ...archive.config.languages
        )
      }
  }
  return processors
}

/** What an issue file renders to, and what it read besides its front matter and its folder. */
export interface Rendering {
  /** The issue folders its links consulted, sorted. */
  targets: readonly string[]
  rendered: RenderedIssue
  /** Messages of the render stage, at their place. */
  messages: readonly VFileMessage[]
  usedAssets: ReadonlySet<string>
}

/** Give a file its rendering: `rendered`, `usedAssets`, `revision`, and the messages at their place. */
export function applyRender(file: VFile, entry: Rendering, revision: string): void {
  file.messages.push(...entry.messages)
  // Taken when a page shows it: a rendering from the disk cache is read then.
  Object.defineProperty(file.data, 'rendered', {
    get: () => entry.rendered,
    enumerable: true,
    configurable: true
  })
  file.data.usedAssets = new Set(entry.usedAssets)
  file.data.revision = revision
}

/**
 * Render the introduction and sections of the issue file at `path`, whose
 * front matter is `matter`, with its language's processor: messages are
 * in the result.
 */
export function renderIssue(
  path: string,
  matter: IssueMatter,
  source: SourceInfo,
  processor: PartProcessor
): Rendering {
  const usedAssets = new Set<string>()
  const linkTargets = new Set<string>()
  const messages: VFileMessage[] = []
  const budget = createBudget()
  const renderPart = (part: MarkdownPart, idPrefix: string): RenderedPart => {
    const partFile = new VFile({
      path,
      value: part.value,
      data: {source, idPrefix, usedAssets, linkTargets}
    })
    const tree = renderMarkdown(processor, partFile, part.line, budget)
    messages.push(...partFile.messages)
    return {tree, text: toText(tree, {whitespace: 'normal'}).trim()}
  }

  const rendered: RenderedIssue = {sections: new Map()}
  if (matter.intro) rendered.intro = renderPart(matter.intro, '_intro')
  for (const section of matter.sections)
    rendered.sections.set(section.id, renderPart(section.body, section.id))
  return {targets: [...linkTargets].sort(), rendered, messages, usedAssets}
}

/**
 * One Markdown part, starting on line `firstLine` of its file, to hast.
 * Input past the bounds of `markdown-limits.ts` (the file's `budget` counts
 * what its other parts used) is an error at its place and renders as
 * nothing, so that no stage overflows or stalls on it.
 */
function renderMarkdown(
  processor: PartProcessor,
  partFile: VFile,
  firstLine: number,
  budget: MarkdownBudget
): HastRoot {
  const refuse = (problem: LimitProblem): HastRoot => {
    fail(partFile, problem.reason, problem.place, problem.ruleId)
    return {type: 'root', children: []}
  }
  const limit = checkMarkdownText(String(partFile.value), firstLine, budget)
  if (limit) return refuse(limit)
  try {
    return parseAndRun(processor, partFile, firstLine, budget, refuse)
  } catch (error) {
    // A stack or size the bounds did not foresee: this part fails, not the build.
    if (!(error instanceof RangeError)) throw error
    return refuse({
      reason: `This Markdown is too deeply nested or too large to render (${error.message}): simplify it`,
      place: {line: firstLine, column: 1},
      ruleId: 'markdown-too-deep'
    })
  }
}

function parseAndRun(
  processor: PartProcessor,
  partFile: VFile,
  firstLine: number,
  budget: MarkdownBudget,
  refuse: (problem: LimitProblem) => HastRoot
): HastRoot {
  const mdast = processor.parse(partFile)
  // The part was parsed alone: the check puts its nodes at their lines in the file.
  const deep = checkTree(mdast, budget, firstLine - 1)
  if (deep) return refuse(deep)
  const tree = processor.runSync(mdast, partFile)
  // Messages were made with the places; the pages and the caches never read
  // them, and they are half of a tree's size in memory and on disk.
  removePosition(tree, {force: true})
  return tree
}
