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
  issueDateInput,
  numbers,
  outlineStep,
  summariesOf,
  summaryStep
} from './site-steps.ts'
import {directorateViews, yearViews} from './views.ts'

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
const issueYearStep = step('issue-year', (read, number: number) => {
  const date = read(issueDateInput, number)
  if (date === undefined) throw new Error(`Issue ${number} is not in the archive`)
  return date.slice(0, 4)
})

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

/** The numbers of a year's issues, ascending. */
const numbersOf = (read: Read, year: string): readonly number[] =>
  read(numbersByYearStep, '').find(([item]) => item === year)?.[1] ?? []

/** The archive's years, newest first. */
export const yearsOf = (read: Read): string[] =>
  read(numbersByYearStep, '')
    .map(([year]) => year)
    .reverse()

/**
 * Every directorate with its articles of one year, newest first: what a
 * directorate's year page reads, so that an edit of an issue reaches the
 * pages of its own year only, not every directorate's every year.
 */
const directoratesOfYearStep = step(
  'directorates-of-year',
  (read, [lang, year]: [Lang, string]): DirectorateView[] =>
    directorateViews(
      config(read),
      lang,
      numbersOf(read, year).map((number) => ({
        summary: read(summaryStep, [lang, number]),
        articles: read(outlineStep, [lang, number])
      }))
    ),
  {fingerprint: 'inputs'}
)

/**
 * Every directorate with its articles, newest first, made of its years'
 * (above): it reads a value a year, not two an issue, so that the edit of
 * one issue verifies little. Large: its fingerprint is its inputs'.
 */
export const directoratesStep = step(
  'directorates',
  (read, lang: Lang): DirectorateView[] => {
    const ofYears = yearsOf(read).map((year) => read(directoratesOfYearStep, [lang, year]))
    return directorateViews(config(read), lang, []).map((view) => {
      const years = ofYears.flatMap(
        (views) => views.find((item) => item.code === view.code)?.years ?? []
      )
      // By number, as a view of every issue lists them, though numbers and dates may disagree.
      const articles = years
        .flatMap((group) => group.articles)
        .sort((a, b) => b.issue.number - a.issue.number)
      return {...view, articles, years}
    })
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

/**
 * Each directorate's code and the years it published in, newest first:
 * what the list of pages reads of the directorates, so that a new title
 * or article reaches no list of pages.
 */
export const directoratePagesStep = step('directorate-pages', (read, lang: Lang) =>
  read(directoratesStep, lang).map(({code, years}) => ({
    code,
    years: years.map(({year}) => year)
  }))
)

/** One year of the archive, made of its own issues' summaries. */
export const yearStep = step(
  'year',
  (read, [lang, year]: [Lang, string]): YearView =>
    yearViews(lang, summariesOf(read, lang, numbersOf(read, year)))[0] ?? {
      year,
      url: routes.yearUrl(lang, year),
      months: [],
      count: 0
    },
  {fingerprint: 'parts'}
)

/** The years of the archive with their issues, newest first. Large: its fingerprint is its inputs'. */
export const yearsStep = step(
  'years',
  (read, lang: Lang): YearView[] => yearsOf(read).map((year) => read(yearStep, [lang, year])),
  {fingerprint: 'inputs'}
)

/** The steps of this module, for the store. */
export const pageViewQueries = [
  directoratesStep,
  directoratePagesStep,
  directorateStep,
  issueYearStep,
  numbersByYearStep,
  directoratesOfYearStep,
  directorateYearStep,
  yearStep,
  yearsStep
]
