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
import {directoratesStep, numbers, summariesOf, yearsStep} from './site-steps.ts'

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
  }
)

/** One year of a directorate's articles, with the directorate's name and address. */
export const directorateYearStep = step(
  'directorate-year',
  (read, [lang, code, year]: [Lang, string, string]) => {
    const view = directorateOf(read, lang, code)
    const group: DirectorateYear = view.years.find((item) => item.year === year) ?? {
      year,
      url: routes.directorateYearUrl(lang, code, year),
      articles: []
    }
    return {directorate: {...view, articles: [], years: []}, group}
  }
)

/** One year of the archive. */
export const yearStep = step('year', (read, [lang, year]: [Lang, string]): YearView => {
  return (
    read(yearsStep, lang).find((item) => item.year === year) ?? {
      year,
      url: routes.yearUrl(lang, year),
      months: [],
      count: 0
    }
  )
})

/** The steps of this module, for the store. */
export const pageViewQueries = [directorateStep, directorateYearStep, yearStep]
