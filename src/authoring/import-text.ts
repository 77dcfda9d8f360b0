/**
 * Line-level cleaning of word-processor exports, and their inline text as
 * mdast: Word field codes become links, `_underscores_` emphasis, and the
 * debris that can't be mended (image placeholders, footnote markers, lost
 * links) is removed and reported at its line.
 */
import type {PhrasingContent} from 'mdast'
import type {VFile} from 'vfile'
import {warn} from '../model/message.ts'

/** Private-use characters that fence a URL recovered from a field code inside text. */
const linkStart = '\uE000'
const linkEnd = '\uE001'

/** Remove or mark the export's debris on one line (1-based `line`). */
export function cleanLine(file: VFile, text: string, line: number): string {
  let result = text.replace(
    /\s*HYPERLINK\s+"([^"]+)"(?:\s+\\[a-z]\s+"[^"]*")*\s*/g,
    (_, url: string) => ` ${linkStart}${url}${linkEnd} `
  )
  result = result.replace(/\[image:\s*([^\]]*)\]/g, (whole: string, name: string) => {
    warn(
      file,
      `Image placeholder \`${whole}\` removed: put the image (${name.trim()}) in the issue folder and write \`![what it shows](file.jpg)\` here`,
      {line, column: text.indexOf(whole) + 1},
      'import-image'
    )
    return ''
  })
  result = result.replace(/\[\s*\]/g, (whole: string) => {
    warn(
      file,
      'Empty link `[]` removed: the export lost a link here; add it as `[text](https://…)`',
      {line, column: text.indexOf(whole) + 1},
      'import-lost-link'
    )
    return ''
  })
  result = result.replace(/ ?\[(\d{1,3})\]/g, (whole: string, number: string) => {
    warn(
      file,
      `Footnote marker [${number}] removed: the export lost the note; add it as a footnote \`[^${number}]\` if you have its text`,
      {line, column: text.indexOf(whole.trim()) + 1},
      'import-footnote'
    )
    return ''
  })
  return result
}

/**
 * Mend what only shows once a paragraph's lines are joined: a field code
 * between brackets with its footnote number (`[ HYPERLINK "…" 2 ]`).
 */
export function cleanParagraph(file: VFile, text: string, line: number): string {
  return text
    .replace(
      new RegExp(`\\[\\s*(${linkStart}[^${linkEnd}]*${linkEnd})\\s*(\\d{1,3})?\\s*\\]`, 'g'),
      (_, link: string, number?: string) => {
        if (number !== undefined) {
          warn(
            file,
            `Footnote marker [${number}] removed: its link is kept in the text`,
            {line, column: 1},
            'import-footnote'
          )
        }
        return `(${link})`
      }
    )
    .replace(/ {2,}/g, ' ')
    .replace(/\s+\)/g, ')')
    .replace(/\(\s+/g, '(')
    .replace(/\)\s+([.,;])/g, ')$1')
    .trim()
}

/** Inline content of a cleaned paragraph: text, `_emphasis_`, recovered links and e-mail addresses. */
export function phrasing(text: string): PhrasingContent[] {
  const nodes: PhrasingContent[] = []
  const pattern = new RegExp(
    `${linkStart}([^${linkEnd}]*)${linkEnd}|(?<![\\p{L}\\p{N}])_([^_]+)_(?![\\p{L}\\p{N}])|([\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)*\\.[a-z]{2,})`,
    'gu'
  )
  let last = 0
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) nodes.push({type: 'text', value: text.slice(last, match.index)})
    if (match[1] !== undefined)
      nodes.push({type: 'link', url: match[1], children: [{type: 'text', value: match[1]}]})
    else if (match[3] !== undefined)
      nodes.push({
        type: 'link',
        url: `mailto:${match[3]}`,
        children: [{type: 'text', value: match[3]}]
      })
    else nodes.push({type: 'emphasis', children: [{type: 'text', value: match[2] ?? ''}]})
    last = match.index + match[0].length
  }
  if (last < text.length) nodes.push({type: 'text', value: text.slice(last)})
  return nodes
}

/** Text for comparisons: no accents, no case, one kind of apostrophe, single spaces. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`]/g, "'")
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .toLowerCase()
    .trim()
}

/** Whether a paragraph ends a sentence, so the next line starts a new one. */
export function endsSentence(text: string): boolean {
  return /[.!?:»"”…]_?\s*$/.test(text)
}

/** Whether a line holds a recovered link. */
export function hasLink(text: string): boolean {
  return text.includes(linkStart)
}
