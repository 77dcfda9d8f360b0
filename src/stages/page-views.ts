/**
 * Steps that cut one page's part out of a view of the whole archive (a
 * page of the issue list, one directorate, one of its years, one year), so
 * that a page is laid out again only when its own part changed.
 */
import type {ListPage} from '../../layouts/home.ts'
import {recentArticles} from '../../layouts/directorates.ts'
import type {
  DirectorateSummary,
  DirectorateView,
  DirectorateYear,
  YearView
} from '../../layouts/view.ts'
import {step, type Read} from '../engine/store.ts'
import * as routes from '../model/routes.ts'
import type {Lang} from '../model/types.ts'
import {
  config,
  directoratesStep,
  issueOf,
  numbers,
  outlineStep,
  summariesOf,
  summaryStep,
  yearsStep
} from './site-steps.ts'
import {directorateViews} from './views.ts'

/**
 * Page `number` of a language's issue list (0 for the home). Pages count
 * from the oldest issue, so page 1 always holds issues 1 to 24; the home
 * shows the newest issues whatever page they are on.
 */
export function listPage(read: Read, lang: Lang, number: number): ListPage {
  const all = numbers(read)
  const size = routes.listPageSize
  const total = Math.ceil(all.length / size)
  const pageUrl = (n: number): string => routes.listPageUrl(lang, n)
  if (number === 0) {
    // The home's older issues start on the page of the first issue it leaves out.
    const leftOut = all.length - size - 1
    return {
      url: routes.homeUrl(lang),
      issues: summariesOf(read, lang, all.slice(-size).reverse()),
      total,
      pageUrl,
      ...(leftOut >= 0 ? {older: pageUrl(Math.floor(leftOut / size) + 1)} : {})
    }
  }
  return {
    url: pageUrl(number),
    number,
    issues: summariesOf(read, lang, all.slice((number - 1) * size, number * size).reverse()),
    total,
    pageUrl,
    ...(number < total ? {newer: pageUrl(number + 1)} : {}),
    ...(number > 1 ? {older: pageUrl(number - 1)} : {})
  }
}

function directorateOf(read: Read, lang: Lang, code: string): DirectorateView {
  const directorate = read(directoratesStep, lang).find((item) => item.code === code)
  if (!directorate) throw new Error(`No directorate ${code}`)
  return directorate
}

/**
 * What one directorate's page and feed read: its recent articles and each
 * year's count. The value holds nothing more, so its fingerprint (the
 * digest of the value) covers all a reader can see, and an article further
 * back changes neither.
 */
export const directorateStep = step(
  'directorate',
  (read, [lang, code]: [Lang, string]): DirectorateSummary => {
    const view = directorateOf(read, lang, code)
    return {
      code: view.code,
      name: view.name,
      url: view.url,
      count: view.articles.length,
      recent: view.articles.slice(0, recentArticles),
      years: view.years.map((year) => ({
        year: year.year,
        url: year.url,
        count: year.articles.length
      }))
    }
  },
  {fingerprint: 'parts'}
)

/** The year an issue is dated in: a title edit leaves it as it was, so what reads it stays. */
const issueYearStep = step('issue-year', (read, number: number) =>
  issueOf(read, number).date.slice(0, 4)
)

/** The published issues' numbers by year, ascending, from their dates alone. */
const numbersByYearStep = step('numbers-by-year', (read, _: '') => {
  const byYear = new Map<string, number[]>()
  for (const number of numbers(read)) {
    const year = read(issueYearStep, number)
    const ofYear = byYear.get(year)
    if (ofYear) ofYear.push(number)
    else byYear.set(year, [number])
  }
  return [...byYear].sort(([a], [b]) => (a < b ? -1 : 1))
})

/**
 * Every directorate with its articles of one year, newest first: what a
 * directorate's year page reads, so that an edit of an issue reaches the
 * pages of its own year only, not every directorate's every year.
 */
const directoratesOfYearStep = step(
  'directorates-of-year',
  (read, [lang, year]: [Lang, string]): DirectorateView[] => {
    const ofYear = read(numbersByYearStep, '').find(([item]) => item === year)?.[1] ?? []
    return directorateViews(
      config(read),
      lang,
      ofYear.map((number) => ({
        summary: read(summaryStep, [lang, number]),
        articles: read(outlineStep, [lang, number])
      }))
    )
  },
  {fingerprint: 'inputs'}
)

/** One year of a directorate's articles, with the directorate's name and address. */
export const directorateYearStep = step(
  'directorate-year',
  (read, [lang, code, year]: [Lang, string, string]) => {
    const view = read(directoratesOfYearStep, [lang, year]).find((item) => item.code === code)
    if (!view) throw new Error(`No directorate ${code}`)
    const group: DirectorateYear = view.years.find((item) => item.year === year) ?? {
      year,
      url: routes.directorateYearUrl(lang, code, year),
      articles: []
    }
    return {directorate: {...view, articles: [], years: []}, group}
  },
  // Its articles hold the issues' summaries: each counts by its fingerprint.
  {fingerprint: 'parts'}
)

/** One year of the archive. */
export const yearStep = step(
  'year',
  (read, [lang, year]: [Lang, string]): YearView => {
    return (
      read(yearsStep, lang).find((item) => item.year === year) ?? {
        year,
        url: routes.yearUrl(lang, year),
        months: [],
        count: 0
      }
    )
  },
  {fingerprint: 'parts'}
)

/** The steps of this module, for the store. */
export const pageViewQueries = [
  directorateStep,
  issueYearStep,
  numbersByYearStep,
  directoratesOfYearStep,
  directorateYearStep,
  yearStep
]
