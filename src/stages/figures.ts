/**
 * The figures of an article, as a translator's check compares them: the
 * numbers, dates, percentages, amounts and times of its Markdown, each
 * read as its language writes it (`43 000` and `1,5` in French, `43,000`
 * and `1.5` in English) and reduced to one canonical value, so that
 * `43 000` and `43,000` are the same figure and `2 avril 2020` and
 * `April 2, 2020` have the same ones. Pure.
 */
import type {Lang, Section} from '../model/types.ts'

/** One figure: its canonical value, and how the text first wrote it (for messages). */
export interface Figure {
  value: string
  written: string
}

/** What a translation's article has of its original's figures. */
export interface FigureDifference {
  /** Figures of the original the translation does not have, as the original writes them. */
  missing: string[]
  /** Figures of the translation the original does not have, as the translation writes them. */
  added: string[]
}

// Parts of Markdown whose digits are no figure of the text: code, link
// destinations, addresses, comments, footnote and reference labels.
const notText = [
  /```[\s\S]*?```|~~~[\s\S]*?~~~/g,
  /`[^`\n]*`/g,
  /<!--[\s\S]*?-->/g,
  /\]\([^)\s]*(?:\s+"[^"]*")?\)/g,
  /^\s*\[[^\]]+\]:.*$/gm,
  /\[\^[^\]]*\]/g,
  /<[a-z][a-z0-9+.-]*:[^>\s]*>/gi,
  /\b(?:https?|ftp|mailto):[^\s)>\]]+/gi,
  /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g
]

// A space that groups thousands: ordinary, no-break or narrow no-break.
const groupSpace = '[ \\u00A0\\u202F]'

// Times first, so that `14 h 30` is one figure and not two; digits glued
// after letters (`h2`, `A4`) are names, not figures.
const patterns: Record<Lang, RegExp> = {
  fr: new RegExp(
    `(?<![\\p{L}\\d])(?:(\\d{1,2})${groupSpace}?h${groupSpace}?(\\d{2})?(?![\\p{L}\\d])|\\d{1,3}(?:${groupSpace}\\d{3})+(?:,\\d+)?|\\d+(?:,\\d+)?)`,
    'gu'
  ),
  en: new RegExp(
    `(?<![\\p{L}\\d])(?:(\\d{1,2})(?::(\\d{2}))?${groupSpace}?([ap])\\.?m\\.?(?![\\p{L}])|(\\d{1,2}):(\\d{2})|\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)`,
    'giu'
  )
}

/** The figures of `markdown`, written in `lang`, each once, in the order the text first gives them. */
export function figuresOf(markdown: string, lang: Lang): Figure[] {
  let text = markdown
  for (const pattern of notText) text = text.replace(pattern, ' ')
  const figures = new Map<string, Figure>()
  for (const match of text.matchAll(patterns[lang])) {
    const value = canonical(match, lang)
    if (!figures.has(value)) figures.set(value, {value, written: match[0].trim()})
  }
  return [...figures.values()]
}

function canonical(match: RegExpMatchArray, lang: Lang): string {
  if (lang === 'fr' && match[1] !== undefined) return time(match[1], match[2])
  if (lang === 'en' && match[1] !== undefined) {
    const hours = Number(match[1]) % 12
    return time(String(match[3]?.toLowerCase() === 'p' ? hours + 12 : hours), match[2])
  }
  if (lang === 'en' && match[4] !== undefined) return time(match[4], match[5])
  const decimal = lang === 'fr' ? ',' : '.'
  const [whole = '', fraction] = match[0].split(decimal)
  const digits = whole.replace(/[^\d]/g, '').replace(/^0+(?=\d)/, '')
  const rest = fraction?.replace(/0+$/, '')
  return rest ? `${digits}.${rest}` : digits
}

function time(hours: string, minutes = '00'): string {
  return `${Number(hours)}:${minutes}`
}

/** The figures one article has and the other lacks, each way. */
export function compareFigures(
  original: readonly Figure[],
  translation: readonly Figure[]
): FigureDifference {
  const inOriginal = new Set(original.map((figure) => figure.value))
  const inTranslation = new Set(translation.map((figure) => figure.value))
  return {
    missing: original.filter((figure) => !inTranslation.has(figure.value)).map((f) => f.written),
    added: translation.filter((figure) => !inOriginal.has(figure.value)).map((f) => f.written)
  }
}

/** The figures a translated section lacks and adds against its original's, title and text. */
export function sectionFigures(
  original: Section,
  from: Lang,
  translation: Section,
  to: Lang
): FigureDifference {
  return compareFigures(
    figuresOf(`${original.title}\n${original.body.value}`, from),
    figuresOf(`${translation.title}\n${translation.body.value}`, to)
  )
}
