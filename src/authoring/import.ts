/**
 * Import a plain-text export of a word-processor bulletin into an issue
 * file (`fr.md`). Pure: text in, Markdown out, and what it could not decide
 * as messages at the line of the source.
 */
import type {BlockContent, List, Root} from 'mdast'
import remarkGfm from 'remark-gfm'
import remarkStringify from 'remark-stringify'
import {unified} from 'unified'
import type {VFile} from 'vfile'
import {stringify as yamlStringify} from 'yaml'
import {isCalendarDate} from '../stages/front-matter.ts'
import {cleanLine, cleanParagraph, endsSentence, fold, hasLink, phrasing} from './import-text.ts'
import {fail, warn} from '../model/message.ts'
import type {SiteConfig} from '../model/types.ts'

/** What the importer needs besides the text. */
export interface ImportOptions {
  config: SiteConfig
  /** The number the new issue gets. */
  issue: number
  /** `YYYY-MM-DD`, used when the text says no date. */
  date?: string
}

/** The issue file, and the date it was given. */
export interface ImportResult {
  markdown: string
  date: string
}

/** Section key of an article whose directorate the importer can't tell; the build rejects it until a writer decides. */
export const undecidedCode = 'INCONNU'

const months = [
  'janvier',
  'fevrier',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'aout',
  'septembre',
  'octobre',
  'novembre',
  'decembre'
]

type Block =
  | {kind: 'paragraph'; text: string; line: number}
  | {kind: 'item'; text: string; line: number; number?: number}

interface Article {
  code?: string
  title?: string
  line: number
  blocks: Block[]
  awaitingTitle: boolean
}

/** Turn the export in `file` into an issue file; problems are reported on `file`. */
export function importExport(file: VFile, options: ImportOptions): ImportResult | undefined {
  const lines = String(file.value)
    .replace(/^\uFEFF/, '')
    .split(/\r\n?|\n/)
  const intro: Block[] = []
  const articles: Article[] = []
  let dateFromText: {value: string; line: number} | undefined
  let issueTitle: string | undefined
  let expectIssueTitle = false
  let blankBefore = true

  for (const [index, raw] of lines.entries()) {
    const line = index + 1
    const text = cleanLine(file, raw, line)
    const trimmed = text.trim()
    if (trimmed === '') {
      blankBefore = true
      continue
    }
    const current = articles.at(-1)
    const blocks = current?.blocks ?? intro
    const wasBlank = blankBefore
    blankBefore = false

    const date = articles.length === 0 && dateFromText === undefined ? readDate(trimmed) : undefined
    if (date !== undefined) {
      dateFromText = {value: date, line}
      expectIssueTitle = true
      continue
    }
    if (expectIssueTitle) {
      expectIssueTitle = false
      if (isShortLine(trimmed)) {
        issueTitle = trimmed
        continue
      }
    }

    const heading = readDirectorateHeading(options.config, trimmed)
    if (heading) {
      const article: Article = {
        code: heading.code,
        line,
        blocks: [],
        awaitingTitle: heading.rest === ''
      }
      if (heading.rest !== '') {
        const proposal = heading.rest.split(/\s+/).slice(0, 6).join(' ')
        warn(
          file,
          `Could not tell the title from the text after the directorate’s name: proposed “${proposal}…”; edit it`,
          {line, column: 1},
          'import-title'
        )
        article.title = `${proposal}…`
        article.blocks.push({kind: 'paragraph', text: heading.rest, line})
      }
      articles.push(article)
      continue
    }
    if (current?.awaitingTitle) {
      current.awaitingTitle = false
      if (isShortLine(trimmed)) {
        current.title = trimmed
        continue
      }
    }
    if (/^\s/.test(text) && /\s$/.test(text) && isShortLine(trimmed) && !hasLink(text)) {
      articles.push({title: trimmed, line, blocks: [], awaitingTitle: false})
      continue
    }

    const item =
      /^[·•*\-–]\s+(.*)$/.exec(trimmed)?.[1] ??
      (/^\d+\s*[-.)]\s+/.test(trimmed) ? trimmed : undefined)
    if (item !== undefined) {
      const numbered = /^(\d+)\s*[-.)]\s+(.*)$/.exec(item)
      blocks.push(
        numbered
          ? {kind: 'item', text: numbered[2] ?? '', line, number: Number(numbered[1])}
          : {kind: 'item', text: item, line}
      )
      continue
    }

    const last = blocks.at(-1)
    const continues =
      last !== undefined &&
      !endsSentence(last.text) &&
      (!wasBlank ||
        /^[\p{Ll}]/u.test(trimmed) ||
        /[[(]$/.test(last.text) ||
        hasLink(trimmed.slice(0, 2)))
    if (last && continues) last.text += ` ${trimmed}`
    else blocks.push({kind: 'paragraph', text: trimmed, line})
  }

  const date = chooseDate(file, dateFromText, options.date)
  if (date === undefined) return undefined
  if (issueTitle === undefined) {
    issueTitle = `Numéro ${options.issue}`
    warn(
      file,
      `No issue title in the text: set \`title\` (it is “${issueTitle}” for now)`,
      {line: 1, column: 1},
      'import-title'
    )
  }
  for (const article of articles) decideDirectorate(file, options.config, article)
  reportRepeats(file, [intro, ...articles.map((article) => article.blocks)].flat())

  const processor = unified().use(remarkGfm).use(remarkStringify, {
    bullet: '-',
    emphasis: '_',
    strong: '*',
    listItemIndent: 'one',
    rule: '-'
  })
  const markdown = (blocks: Block[]): string => processor.stringify(toMdast(file, blocks))
  const yaml = (value: object): string => yamlStringify(value, {lineWidth: 0})

  let output = `---\n${yaml({issue: options.issue, date, title: issueTitle})}---\n`
  if (intro.length > 0) output += markdown(intro)
  for (const article of articles) {
    output += `\n---${article.code ?? undecidedCode}\n${yaml({title: article.title ?? ''})}---\n${markdown(article.blocks)}`
  }
  return {markdown: output, date}
}

function isShortLine(text: string): boolean {
  return text.length >= 3 && text.length <= 120 && !/[.,;:]$/.test(text)
}

/** `02 AVRIL 2020`, `1er avril 2020` alone on a line. */
function readDate(text: string): string | undefined {
  const match = /^(\d{1,2})(?:er)?\s+(\p{L}+)\s+(\d{4})$/u.exec(fold(text))
  const month = match ? months.indexOf(match[2] ?? '') + 1 : 0
  if (!match || month === 0) return undefined
  const date = `${match[3]}-${String(month).padStart(2, '0')}-${(match[1] ?? '').padStart(2, '0')}`
  return isCalendarDate(date) ? date : undefined
}

function chooseDate(
  file: VFile,
  fromText: {value: string; line: number} | undefined,
  given: string | undefined
): string | undefined {
  if (fromText) {
    if (given !== undefined && given !== fromText.value) {
      warn(
        file,
        `The text is dated ${fromText.value}; --date ${given} was not used`,
        {line: fromText.line, column: 1},
        'import-date'
      )
    }
    return fromText.value
  }
  if (given !== undefined) return given
  fail(
    file,
    'The text says no date: give one with --date YYYY-MM-DD',
    {line: 1, column: 1},
    'import-date'
  )
  return undefined
}

function readDirectorateHeading(
  config: SiteConfig,
  text: string
): {code: string; rest: string} | undefined {
  const marked = /^[*·•]\s+(.*)$/.exec(text)?.[1]
  if (marked === undefined) return undefined
  const folded = fold(marked)
  for (const directorate of config.directorates) {
    const name = fold(directorate.name.fr)
    if (folded === name || folded.startsWith(`${name} `)) {
      return {
        code: directorate.code,
        rest: marked.trim().split(/\s+/).slice(name.split(' ').length).join(' ')
      }
    }
  }
  return undefined
}

/** An article without a directorate heading gets the one its text names most, by code or name. */
function decideDirectorate(file: VFile, config: SiteConfig, article: Article): void {
  if (article.code !== undefined) return
  const text = fold([article.title ?? '', ...article.blocks.map((block) => block.text)].join(' '))
  let best: {code: string; count: number} | undefined
  for (const directorate of config.directorates) {
    const code = directorate.code.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const count =
      (text.match(new RegExp(`(?<![\\p{L}\\p{N}])${code}(?![\\p{L}\\p{N}])`, 'gu'))?.length ?? 0) +
      text.split(fold(directorate.name.fr)).length -
      1
    if (count > (best?.count ?? 0)) best = {code: directorate.code, count}
  }
  const title = article.title ?? ''
  if (best) {
    article.code = best.code
    warn(
      file,
      `Article “${title}” has no directorate heading: proposed ${best.code}, which its text names ${best.count} ${best.count === 1 ? 'time' : 'times'}; check it`,
      {line: article.line, column: 1},
      'import-directorate'
    )
  } else {
    warn(
      file,
      `Article “${title}” names no configured directorate: its section is keyed ${undecidedCode}; set its contributor’s code, adding it to site.yml if it is not there`,
      {line: article.line, column: 1},
      'import-directorate'
    )
  }
}

function reportRepeats(file: VFile, blocks: Block[]): void {
  const seen = new Map<string, number>()
  for (const block of blocks) {
    const key = fold(block.text)
    const first = seen.get(key)
    if (first !== undefined && key.length > 40) {
      warn(
        file,
        `This paragraph repeats the one on line ${first}: remove one`,
        {line: block.line, column: 1},
        'import-repeat'
      )
    } else if (first === undefined) seen.set(key, block.line)
  }
}

function toMdast(file: VFile, blocks: Block[]): Root {
  const children: BlockContent[] = []
  for (const block of blocks) {
    const paragraph = {
      type: 'paragraph' as const,
      children: phrasing(cleanParagraph(file, block.text, block.line))
    }
    if (block.kind === 'paragraph') {
      children.push(paragraph)
      continue
    }
    const ordered = block.number !== undefined
    const previous = children.at(-1)
    const list: List =
      previous?.type === 'list' && previous.ordered === ordered
        ? previous
        : {
            type: 'list',
            ordered,
            spread: false,
            children: [],
            ...(ordered ? {start: block.number} : {})
          }
    if (list !== previous) children.push(list)
    list.children.push({type: 'listItem', spread: false, children: [paragraph]})
  }
  return {type: 'root', children}
}
