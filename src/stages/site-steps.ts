/**
 * The site's inputs and the steps derived from them that pages read: each
 * issue's summary, outline and place in lists, the directorates' and years'
 * views, what feeds and the JSON index take. Every step reads through the
 * store (see `engine/store.ts`), which records what it read: a body edit
 * changes one issue, and only the steps that read more than its summary
 * run again.
 */
import type {IssueSummary, PageContext, Text} from '../../layouts/view.ts'
import {input, step, type Read} from '../engine/store.ts'
import {createFormatter, type Messages} from '../model/i18n.ts'
import * as routes from '../model/routes.ts'
import type {Lang, SiteConfig} from '../model/types.ts'
import type {Archive, Issue} from './archive.ts'
import {indexEntry, indexEntryText} from './export.ts'
import {placeholderUrls, type AssetFingerprints} from './asset-slots.ts'
import {shownFile, summarize, type IssueArticle} from './views.ts'

/** The site's configuration. */
export const configInput = input<'', SiteConfig>('config')
/** A language's messages. */
export const messagesInput = input<Lang, Messages>('messages')
/** The assets' fingerprints, which only files read: pages hold placeholders (see `asset-slots.ts`). */
export const assetsInput = input<'', AssetFingerprints>('assets')
/** The published issues' numbers, ascending. */
export const numbersInput = input<'', readonly number[]>('numbers')
/** An issue, by number: its fingerprint is its revision (number, date, files and their renderings). */
export const issueInput = input<number, Issue | undefined>('issue')
/**
 * An issue's date, by number, apart: what reads only the date (the years'
 * lists) is not reached by an edit of the issue's text, as a Salsa input's
 * fields each have their own revision.
 */
export const issueDateInput = input<number, string | undefined>('issue-date')

/** Inputs read through `read`: they are always set by the layout stage. */
export const config = (read: Read): SiteConfig => read(configInput, '') as SiteConfig
export const numbers = (read: Read): readonly number[] =>
  read(numbersInput, '') as readonly number[]

/** An archive of the given issues only, for the functions that take one. */
export function partialArchive(read: Read, issues: readonly Issue[]): Archive {
  return {config: config(read), issues: [...issues], targets: new Map()}
}

/** An issue known to be published. */
export function issueOf(read: Read, number: number): Issue {
  const issue = read(issueInput, number)
  if (!issue) throw new Error(`Issue ${number} is not in the archive`)
  return issue
}

/** What every page of a language shares. */
export const contextStep = step('context', (read, lang: Lang): PageContext => {
  const site = config(read)
  return {
    lang,
    siteTitle: site.title[lang],
    messages: read(messagesInput, lang) as Messages,
    format: createFormatter(lang),
    ...placeholderUrls,
    ...(site.url === undefined ? {} : {siteUrl: site.url}),
    ...(site.publisher === undefined ? {} : {publisher: site.publisher[lang]}),
    ...(site.contact === undefined ? {} : {contact: site.contact})
  }
})

/** The site's languages with their names, for the language switcher. */
export const languagesStep = step('languages', (read, _: '') =>
  config(read).languages.map((lang) => ({
    lang,
    label: (read(messagesInput, lang) as Messages).languageName
  }))
)

/** An issue as lists and links show it. */
export const summaryStep = step('summary', (read, [lang, number]: [Lang, number]) =>
  summarize(config(read), issueOf(read, number), lang)
)

/** The issues before and after one, by number. */
export const neighboursStep = step('neighbours', (read, number: number) => {
  const all = numbers(read)
  let low = 0
  let high = all.length - 1
  while (low < high) {
    const middle = (low + high) >> 1
    if ((all[middle] ?? 0) < number) low = middle + 1
    else high = middle
  }
  return {previous: all[low - 1], next: all[low + 1]}
})

/** An issue's articles in `lang` as the directorates' pages list them. */
export const outlineStep = step('outline', (read, [lang, number]: [Lang, number]) => {
  const issue = issueOf(read, number)
  const translated = new Map(
    (issue.files[lang]?.data.matter?.sections ?? []).map((section) => [section.id, section])
  )
  return (issue.files[issue.original]?.data.matter?.sections ?? []).map((section): IssueArticle => {
    const shown = translated.get(section.id)
    const title: Text =
      shown || issue.original === lang
        ? {value: shown?.title ?? section.title}
        : {value: section.title, lang: issue.original}
    return {id: section.id, code: section.code, title}
  })
})

/** What a feed's choice of entries sees of an issue: when it changed, and its shown sections' directorates. */
export const stampStep = step('stamp', (read, [lang, number]: [Lang, number]) => {
  const shown = shownFile(issueOf(read, number), lang).file
  const matter = shown?.data.matter
  // The revision, not the trees, says it was rendered: a stamp never reads them.
  if (!matter || shown.data.revision === undefined) return undefined
  return {
    changed: matter.fields.updated ?? issueOf(read, number).date,
    codes: matter.sections.map((section) => section.code)
  }
})

/**
 * A language's issues with a stamp, by when they last changed, newest
 * first (on the same day, the higher number first, as feeds order them),
 * with their shown sections' directorates: what every feed chooses from,
 * so that each reads this one value, not every issue's stamp.
 */
export const recencyStep = step('recency', (read, lang: Lang) => {
  const stamps = numbers(read).map((number) => ({number, stamp: read(stampStep, [lang, number])}))
  stamps.reverse()
  stamps.sort((a, b) => {
    const x = a.stamp?.changed ?? ''
    const y = b.stamp?.changed ?? ''
    return x === y ? 0 : x > y ? -1 : 1
  })
  return stamps.flatMap(({number, stamp}) => (stamp ? [{number, codes: stamp.codes}] : []))
})

/**
 * The issues a feed shows, newest first: the `length` most recently
 * published or corrected, or for a directorate those holding its
 * `length` newest articles.
 */
export const feedIssuesStep = step(
  'feed-issues',
  (read, [lang, code, length]: [Lang, string, number]) => {
    const chosen: number[] = []
    let entries = 0
    for (const {number, codes} of read(recencyStep, lang)) {
      if (entries >= length) break
      const count = code === '' ? 1 : codes.filter((item) => item === code).length
      if (count === 0) continue
      chosen.push(number)
      entries += count
    }
    return chosen.sort((a, b) => a - b)
  }
)

/** An issue's entry in the JSON index of a language, serialized once (see `exportIndex`). */
export const indexEntryStep = step('index-entry', (read, [lang, number]: [Lang, number]) =>
  indexEntryText(
    indexEntry(config(read), issueOf(read, number), lang, read(summaryStep, [lang, number]))
  )
)

/** The search index's shards after the first, which the search page merges into it. */
export const mergedShardsStep = step('merged-shards', (read, _: '') =>
  [...new Set(numbers(read).map(routes.searchShardOf))].sort((a, b) => a - b).slice(1)
)

/** Summaries of issues by number, in the order given. */
export function summariesOf(read: Read, lang: Lang, issues: readonly number[]): IssueSummary[] {
  return issues.map((number) => read(summaryStep, [lang, number]))
}

/** The inputs and steps that a store may revive records of. */
export const siteQueries = [
  configInput,
  messagesInput,
  assetsInput,
  numbersInput,
  issueInput,
  issueDateInput,
  contextStep,
  languagesStep,
  summaryStep,
  neighboursStep,
  outlineStep,
  stampStep,
  recencyStep,
  feedIssuesStep,
  indexEntryStep,
  mergedShardsStep
]
