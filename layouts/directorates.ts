/**
 * The directorates: an index with their counts, and a page per directorate
 * listing its articles, newest first, each linking to its place in the issue.
 */
import type {Root} from 'hast'
import {h} from 'hastscript'
import {page} from './page.ts'
import {colon, issueLabel, text} from './parts.ts'
import type {Alternate, DirectorateView, PageContext} from './view.ts'

/** The list of directorates. */
export function directoratesPage(context: PageContext, url: string, alternates: Alternate[], directorates: DirectorateView[]): Root {
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
            h('a', {href: directorate.url}, [h('abbr', {title: directorate.name}, directorate.code), ' — ', directorate.name]),
            ' ',
            h('span.count', `(${formatter.plural(directorate.articles.length, messages.articleCountOne, messages.articleCountOther)})`)
          ])
        )
      )
    ]
  })
}

/** One directorate's articles. */
export function directoratePage(
  context: PageContext,
  directorate: DirectorateView,
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
        formatter.plural(directorate.articles.length, messages.articleCountOne, messages.articleCountOther),
        '. ',
        h('a', {href: feed.url, type: 'application/atom+xml'}, messages.feed)
      ]),
      directorate.articles.length === 0
        ? h('p', messages.noArticles)
        : h(
            'ol.article-list',
            directorate.articles.map((article) =>
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
    ]
  })
}
