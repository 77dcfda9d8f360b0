/**
 * Every file of the site that is laid out, as a step of the store: a page
 * kind (see `page-kind.ts`) has a step from its argument (such as
 * `[lang, number]`) to the file's text, and the address of that file. What a page reads is
 * recorded by the store, so a page is laid out again exactly when
 * something it read changed.
 */
import type {Root} from 'hast'
import {archivePage, yearPage} from '../../layouts/archive.ts'
import {directoratePage, directoratesPage, directorateYearPage} from '../../layouts/directorates.ts'
import {homePage, type ListPage} from '../../layouts/home.ts'
import {issuePage} from '../../layouts/issue.ts'
import {rootPage} from '../../layouts/root.ts'
import {accessibilityPage, latestPage, notFoundPage, searchPage} from '../../layouts/simple.ts'
import type {Alternate, PageContext} from '../../layouts/view.ts'
import type {Arg, Read} from '../engine/store.ts'
import {format} from '../model/i18n.ts'
import * as routes from '../model/routes.ts'
import type {Lang} from '../model/types.ts'
import {exportIndex, exportIssue} from './export.ts'
import {atomFeed, feedLength} from './feeds.ts'
import {kind, type Make, type PageEnvironment, type PageKind} from './page-kind.ts'
import {
  directorateStep,
  directoratesStep,
  directorateYearStep,
  listPage,
  yearsStep,
  yearStep
} from './page-views.ts'
import {
  config,
  contextStep,
  feedIssuesStep,
  indexEntryStep,
  issueOf,
  languagesStep,
  mergedShardsStep,
  neighboursStep,
  numbers,
  partialArchive,
  summaryStep
} from './site-steps.ts'
import {issueView} from './views.ts'

export type {Laid, PageEnvironment, PageKind} from './page-kind.ts'

const alternatesOf = (read: Read, urlOf: (lang: Lang) => string): Alternate[] =>
  read(languagesStep, '').map(({lang, label}) => ({lang, url: urlOf(lang), label}))

const context = (read: Read, lang: Lang): PageContext => read(contextStep, lang)

const feedOf = (read: Read, lang: Lang): {title: string; url: string} => {
  const page = context(read, lang)
  return {
    title: format(page.messages.feedTitle, {site: page.siteTitle}),
    url: routes.feedUrl(lang)
  }
}

/** A directorate's view, with its page's context and its feed's title and address. */
function directorateFeedOf(read: Read, lang: Lang, code: string) {
  const page = context(read, lang)
  const directorate = read(directorateStep, [lang, code])
  const feed = {
    title: format(page.messages.directorateFeedTitle, {
      site: page.siteTitle,
      name: directorate.name
    }),
    url: routes.feedUrl(lang, code)
  }
  return {page, directorate, feed}
}

/** The kinds of files of a site, whose steps revive from the previous site what `environment` says it holds. */
export function pageKinds(environment: PageEnvironment) {
  const of = <A extends Arg>(
    name: string,
    url: (arg: A) => string,
    make: Make<A>,
    more: Omit<PageKind<A>, 'step' | 'url'> = {}
  ): PageKind<A> => kind(environment, name, url, make, more)
  /** A page of one language made by `layout` from what `view` reads, with the same page in each language. */
  const languagePage = <V>(
    name: string,
    route: (lang: Lang) => string,
    layout: (context: PageContext, url: string, alternates: Alternate[], view: V) => Root,
    view: (read: Read, lang: Lang) => V
  ): PageKind<Lang> =>
    of<Lang>(
      name,
      route,
      (read, lang, url) =>
        layout(context(read, lang), url, alternatesOf(read, route), view(read, lang)),
      {html: {alternate: (_, other) => route(other)}}
    )
  return {
    root: of<''>(
      'page-root',
      () => routes.rootUrl,
      (read) => {
        const languages = config(read).languages
        const first = languages[0] as Lang
        const titles = languages.map((lang) => ({lang, title: config(read).title[lang]}))
        return rootPage(context(read, first), alternatesOf(read, routes.homeUrl), titles)
      },
      {html: {}}
    ),
    notFound: of<''>(
      'page-404',
      () => routes.notFoundUrl,
      (read) => {
        const site = config(read)
        // A host serves it at the missing address, whatever its depth: with the
        // site's address known, a base keeps its relative links right.
        const base = site.url === undefined ? undefined : new URL(site.url).pathname
        return notFoundPage(
          site.languages.map((lang) => context(read, lang)),
          routes.notFoundUrl,
          alternatesOf(read, routes.homeUrl),
          base
        )
      },
      {html: {}}
    ),
    list: of<[Lang, number]>(
      'page-list',
      ([lang, number]) => (number === 0 ? routes.homeUrl(lang) : routes.listPageUrl(lang, number)),
      (read, [lang, number]) => {
        const list: ListPage = listPage(read, lang, number)
        const alternates = alternatesOf(read, (other) =>
          number === 0 ? routes.homeUrl(other) : routes.listPageUrl(other, number)
        )
        return homePage(context(read, lang), list, alternates, feedOf(read, lang))
      },
      {
        html: {
          alternate: ([, number], other) =>
            number === 0 ? routes.homeUrl(other) : routes.listPageUrl(other, number)
        }
      }
    ),
    issue: of<[Lang, number]>(
      'page-issue',
      ([lang, number]) => routes.issueUrl(lang, number),
      (read, [lang, number]) => {
        const page = context(read, lang)
        const summary = read(summaryStep, [lang, number])
        const view = issueView(config(read), issueOf(read, number), lang, summary, page)
        const {previous, next} = read(neighboursStep, number)
        if (previous !== undefined) view.previous = read(summaryStep, [lang, previous])
        if (next !== undefined) view.next = read(summaryStep, [lang, next])
        const alternates = alternatesOf(read, (other) => routes.issueUrl(other, number))
        return issuePage(page, view, alternates, feedOf(read, lang))
      },
      {
        html: {alternate: ([, number], other) => routes.issueUrl(other, number)},
        issue: ([lang, number]) => ({lang, number})
      }
    ),
    issueJson: of<[Lang, number]>(
      'page-issue-json',
      ([lang, number]) => routes.issueJsonUrl(lang, number),
      (read, [lang, number]) => exportIssue(config(read), issueOf(read, number), lang)
    ),
    directorates: languagePage(
      'page-directorates',
      routes.directoratesUrl,
      directoratesPage,
      (read, lang) => read(directoratesStep, lang)
    ),
    directorate: of<[Lang, string]>(
      'page-directorate',
      ([lang, code]) => routes.directorateUrl(lang, code),
      (read, [lang, code]) => {
        const {page, directorate, feed} = directorateFeedOf(read, lang, code)
        const alternates = alternatesOf(read, (other) => routes.directorateUrl(other, code))
        return directoratePage(page, directorate, alternates, feed)
      },
      {html: {alternate: ([, code], other) => routes.directorateUrl(other, code)}}
    ),
    directorateYear: of<[Lang, string, string]>(
      'page-directorate-year',
      ([lang, code, year]) => routes.directorateYearUrl(lang, code, year),
      (read, [lang, code, year]) => {
        const {directorate, group} = read(directorateYearStep, [lang, code, year])
        const alternates = alternatesOf(read, (other) =>
          routes.directorateYearUrl(other, code, year)
        )
        return directorateYearPage(context(read, lang), directorate, group, alternates)
      },
      {
        html: {
          alternate: ([, code, year], other) => routes.directorateYearUrl(other, code, year)
        }
      }
    ),
    directorateFeed: of<[Lang, string]>(
      'page-directorate-feed',
      ([lang, code]) => routes.feedUrl(lang, code),
      (read, [lang, code]) => {
        const {page, directorate, feed} = directorateFeedOf(read, lang, code)
        const issues = read(feedIssuesStep, [lang, code, feedLength]).map((n) => issueOf(read, n))
        return atomFeed(partialArchive(read, issues), lang, page, feed, directorate)
      }
    ),
    archive: languagePage('page-archive', routes.archiveUrl, archivePage, (read, lang) =>
      read(yearsStep, lang)
    ),
    year: of<[Lang, string]>(
      'page-year',
      ([lang, year]) => routes.yearUrl(lang, year),
      (read, [lang, year]) =>
        yearPage(
          context(read, lang),
          read(yearStep, [lang, year]),
          alternatesOf(read, (other) => routes.yearUrl(other, year))
        ),
      {html: {alternate: ([, year], other) => routes.yearUrl(other, year)}}
    ),
    latest: languagePage('page-latest', routes.latestUrl, latestPage, (read, lang) => {
      const newest = numbers(read).at(-1)
      return newest === undefined ? undefined : read(summaryStep, [lang, newest])
    }),
    search: languagePage('page-search', routes.searchUrl, searchPage, (read) =>
      read(mergedShardsStep, '')
    ),
    accessibility: languagePage(
      'page-accessibility',
      routes.accessibilityUrl,
      accessibilityPage,
      () => undefined
    ),
    feed: of<Lang>('page-feed', routes.feedUrl, (read, lang) => {
      const issues = read(feedIssuesStep, [lang, '', feedLength]).map((n) => issueOf(read, n))
      return atomFeed(partialArchive(read, issues), lang, context(read, lang), feedOf(read, lang))
    }),
    index: of<Lang>('page-index', routes.jsonUrl, (read, lang) =>
      exportIndex(
        config(read),
        lang,
        numbers(read).map((number) => read(indexEntryStep, [lang, number])),
        context(read, lang).messages
      )
    )
  }
}

/** The kinds of a site's files, by name. */
export type PageKinds = ReturnType<typeof pageKinds>
