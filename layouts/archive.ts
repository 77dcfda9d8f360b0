/**
 * The archive: an index of years with their counts, and a page per year
 * with its issues grouped by month.
 */
import type {Root} from 'hast'
import {h} from 'hastscript'
import {format} from '../src/model/i18n.ts'
import {page} from './page.ts'
import {issueMeta, text} from './parts.ts'
import type {Alternate, PageContext, YearView} from './view.ts'

/** The list of years. */
export function archivePage(
  context: PageContext,
  url: string,
  alternates: Alternate[],
  years: YearView[]
): Root {
  const {messages, format: formatter} = context
  return page(context, {
    title: `${messages.archiveTitle} — ${context.siteTitle}`,
    url,
    alternates,
    main: [
      h('h1', messages.archiveTitle),
      years.length === 0
        ? h('p', messages.noIssues)
        : h(
            'ul.year-list',
            years.map((year) =>
              h('li', [
                h('a', {href: year.url}, year.year),
                ' ',
                h(
                  'span.count',
                  `(${formatter.plural(year.count, messages.issueCountOne, messages.issueCountOther)})`
                )
              ])
            )
          )
    ]
  })
}

/** One year's issues, by month. */
export function yearPage(context: PageContext, year: YearView, alternates: Alternate[]): Root {
  const {messages, format: formatter} = context
  const title = format(messages.yearTitle, {year: year.year})
  return page(context, {
    title: `${title} — ${context.siteTitle}`,
    url: year.url,
    alternates,
    main: [
      h('h1', title),
      h(
        'nav.month-links',
        {ariaLabel: messages.monthsOfYear},
        h(
          'ul',
          year.months.map((month) =>
            h('li', h('a', {href: `#_${month.month}`}, formatter.month(`${month.month}-01`)))
          )
        )
      ),
      ...year.months.flatMap((month) => [
        h('h2', {id: `_${month.month}`}, formatter.month(`${month.month}-01`)),
        h(
          'ol.issue-list',
          month.issues.map((issue) =>
            h(
              'li',
              h('article.issue-card', [
                h('h3', h('a', {href: issue.url}, text('span', issue.title))),
                issueMeta(context, issue)
              ])
            )
          )
        )
      ])
    ]
  })
}
