/**
 * The directorates: an index with their counts, a page per directorate
 * with its recent articles and its years, and a page per directorate and
 * year; every article links to its place in the issue.
 */
import type {Element, Root} from 'hast'
import {h} from 'hastscript'
import {format} from '../src/model/i18n.ts'
import {page} from './page.ts'
import {colon, issueLabel, text} from './parts.ts'
import type {
  Alternate,
  DirectorateArticle,
  DirectorateSummary,
  DirectorateView,
  DirectorateYear,
  PageContext
} from './view.ts'

/** The list of directorates. */
export function directoratesPage(
  context: PageContext,
  url: string,
  alternates: Alternate[],
  directorates: DirectorateView[]
): Root {
  const {messages, format: formatter} = context
  return page(context, {
    title: `${messages.directoratesTitle} — ${context.siteTitle}`,
    url,
    alternates,
    main: [
      h('h1', messages.directoratesTitle),
      h(
        'ul.directorate-list',
        directorates.map((directorate) =>
          h('li', [
            h('a', {href: directorate.url}, [
              h('abbr', {title: directorate.name}, directorate.code),
              ' — ',
              directorate.name
            ]),
            ' ',
            h(
              'span.count',
              `(${formatter.plural(directorate.articles.length, messages.articleCountOne, messages.articleCountOther)})`
            )
          ])
        )
      )
    ]
  })
}

/** Articles a directorate's page shows; the others are on its year pages. */
export const recentArticles = 20

/** One directorate's page: its recent articles, and its years. */
export function directoratePage(
  context: PageContext,
  directorate: DirectorateSummary,
  alternates: Alternate[],
  feed: {title: string; url: string}
): Root {
  const {messages, format: formatter} = context
  return page(context, {
    title: `${directorate.name} — ${context.siteTitle}`,
    url: directorate.url,
    alternates,
    feeds: [feed],
    main: [
      h('h1', [directorate.name, ' ', h('span.code', `(${directorate.code})`)]),
      h('p.lead', [
        messages.directorateArticles + colon(context.lang),
        formatter.plural(directorate.count, messages.articleCountOne, messages.articleCountOther),
        '. ',
        h('a', {href: feed.url, type: 'application/atom+xml'}, messages.feed)
      ]),
      directorate.count === 0
        ? h('p', messages.noArticles)
        : [h('h2', messages.recentArticles), articleList(context, directorate.recent)],
      directorate.years.length === 0
        ? null
        : [
            h('h2', messages.articlesByYear),
            h(
              'ul.year-list',
              directorate.years.map((year) =>
                h('li', [
                  h('a', {href: year.url}, year.year),
                  ' ',
                  h(
                    'span.count',
                    `(${formatter.plural(year.count, messages.articleCountOne, messages.articleCountOther)})`
                  )
                ])
              )
            )
          ]
    ]
  })
}

/** A directorate's articles of one year. */
export function directorateYearPage(
  context: PageContext,
  directorate: DirectorateView,
  year: DirectorateYear,
  alternates: Alternate[]
): Root {
  const title = format(context.messages.directorateYearTitle, {
    name: directorate.name,
    year: year.year
  })
  return page(context, {
    title: `${title} — ${context.siteTitle}`,
    url: year.url,
    alternates,
    main: [
      h('h1', title),
      h('p.lead', h('a', {href: directorate.url}, directorate.name)),
      articleList(context, year.articles)
    ]
  })
}

function articleList(context: PageContext, articles: readonly DirectorateArticle[]): Element {
  const formatter = context.format
  return h(
    'ol.article-list',
    articles.map((article) =>
      h('li', [
        h('a', {href: article.url}, text('span', article.title)),
        h('p.issue-meta', [
          issueLabel(context, article.issue.number),
          ' · ',
          h('time', {dateTime: article.issue.date}, formatter.date(article.issue.date)),
          ' · ',
          text('span', article.issue.title)
        ])
      ])
    )
  )
}
