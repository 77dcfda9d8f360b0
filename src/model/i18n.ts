/**
 * Words of the interface in each language: message catalogues that a
 * translator can read (`layouts/messages/<lang>.yml`), and dates and numbers
 * formatted with `Intl` under fixed rules, never the machine's locale or zone.
 */
import {z} from 'zod'
import type {VFile} from 'vfile'
import type {Lang} from './types.ts'
import {parseYaml, validate} from './yaml.ts'

const messageKeys = [
  'languageName',
  'skipToContent',
  'siteNavigation',
  'otherLanguage',
  'issues',
  'issueNumber',
  'contents',
  'directorates',
  'previousIssue',
  'nextIssue',
  'issueNavigation',
  'translationMissing',
  'sectionTranslationMissing',
  'footnotes',
  'backToReference',
  'noIssues',
  'footer',
  'archive',
  'archiveTitle',
  'yearTitle',
  'search',
  'searchTitle',
  'searchNeedsScript',
  'directoratesTitle',
  'directorateArticles',
  'articleCountOne',
  'articleCountOther',
  'issueCountOne',
  'issueCountOther',
  'noArticles',
  'latest',
  'latestRedirect',
  'notFoundTitle',
  'notFoundText',
  'feed',
  'feedTitle',
  'directorateFeedTitle',
  'data',
  'sortBy',
  'sortRelevance',
  'sortDate',
  'listPages',
  'listPage',
  'listPageTitle',
  'newerIssues',
  'olderIssues',
  'allIssuesByPage',
  'recentArticles',
  'articlesByYear',
  'directorateYearTitle',
  'monthsOfYear',
  'filterDirectorate',
  'filterYear',
  'updatedOn',
  'writeToUs',
  'accessibility',
  'accessibilityTitle',
  'accessibilityIntro',
  'accessibilityTarget',
  'accessibilityChecks',
  'accessibilityResults',
  'accessibilityLimits',
  'accessibilityContact'
] as const

/** A language's interface messages, by key. Values may hold `{name}` placeholders. */
export type Messages = Record<(typeof messageKeys)[number], string>

const catalogueSchema = z.strictObject(
  Object.fromEntries(
    messageKeys.map((key) => [
      key,
      z.string({error: 'expected text'}).min(1, {error: 'expected text'})
    ])
  ) as Record<(typeof messageKeys)[number], z.ZodString>,
  {error: 'expected a map of messages'}
)

/** Read a message catalogue; problems are reported on the file. */
export function parseMessages(file: VFile): Messages | undefined {
  return validate(
    file,
    parseYaml(file, String(file.value), 1),
    catalogueSchema,
    'the message catalogue'
  )
}

/** Fill the `{name}` placeholders of a message. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole
  )
}

/** Formatting for one language, made once per build. */
export interface Formatter {
  lang: Lang
  /** A `YYYY-MM-DD` date in words: "2 avril 2020", "2 April 2020". */
  date(iso: string): string
  /** A whole number: "8 000", "8,000". */
  number(value: number): string
  /** The name of a language in this language: "anglais", "French". */
  languageName(lang: Lang): string
  /** A month of a `YYYY-MM-DD` date in words: "avril 2020", "April 2020". */
  month(iso: string): string
  /** Choose between a message for one and for several, by the language's plural rules. */
  plural(count: number, one: string, other: string): string
}

const locales: Record<Lang, string> = {fr: 'fr-FR', en: 'en-GB'}

/** Make the formatter of a language. */
export function createFormatter(lang: Lang): Formatter {
  const locale = locales[lang]
  const dates = new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC'
  })
  const numbers = new Intl.NumberFormat(locale, {maximumFractionDigits: 0})
  const names = new Intl.DisplayNames([locale], {type: 'language'})
  const months = new Intl.DateTimeFormat(locale, {month: 'long', year: 'numeric', timeZone: 'UTC'})
  const plurals = new Intl.PluralRules(locale)
  const utc = (iso: string): Date => {
    const [year = 0, month = 1, day = 1] = iso.split('-').map(Number)
    return new Date(Date.UTC(year, month - 1, day))
  }
  return {
    lang,
    date(iso) {
      const parts = dates.formatToParts(utc(iso))
      // French writes the first of the month as an ordinal: "1er avril".
      return parts
        .map((part) =>
          lang === 'fr' && part.type === 'day' && part.value === '1' ? '1er' : part.value
        )
        .join('')
    },
    number: (value) => numbers.format(value),
    languageName: (other) => names.of(other) ?? other,
    month: (iso) => months.format(utc(iso)),
    plural: (count, one, other) =>
      format(plurals.select(count) === 'one' ? one : other, {count: numbers.format(count)})
  }
}
