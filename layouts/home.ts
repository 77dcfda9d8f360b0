/**
 * A language's home: every issue, newest first.
 */
import type {Root} from 'hast'
import {h} from 'hastscript'
import {page} from './page.ts'
import {directorateList, issueMeta, text} from './parts.ts'
import type {Alternate, IssueSummary, PageContext} from './view.ts'

/** Lay out the list of issues (`issues` newest first). */
export function homePage(context: PageContext, url: string, alternates: Alternate[], issues: IssueSummary[], feed: {title: string; url: string}): Root {
  return page(context, {
    title: context.siteTitle,
    url,
    alternates,
    feeds: [feed],
    main: [
      h('h1', context.siteTitle),
      h('h2.visually-hidden', context.messages.issues),
      issues.length === 0
        ? h('p', context.messages.noIssues)
        : h(
            'ol.issue-list',
            issues.map((issue) =>
              h('li', [
                h('article.issue-card', [
                  h('h3', h('a', {href: issue.url}, text('span', issue.title))),
                  issueMeta(context, issue),
                  issue.summary === undefined ? null : text('p', issue.summary, {class: 'summary'}),
                  ...directorateList(context, issue)
                ])
              ])
            )
          )
    ]
  })
}
