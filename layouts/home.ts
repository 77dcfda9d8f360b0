/**
 * A language's issue list, in pages: the home shows the newest issues, the
 * newest set apart, and every page links to the others, newest first.
 */
import type {Element, Root} from 'hast'
import {h} from 'hastscript'
import {format} from '../src/model/i18n.ts'
import {page} from './page.ts'
import {directorateList, issueMeta, text} from './parts.ts'
import type {Alternate, IssueSummary, PageContext} from './view.ts'

/** One page of the list, or the home. */
export interface ListPage {
  url: string
  /** Its number, counted from the oldest page; none for the home. */
  number?: number
  /** Its issues, newest first. */
  issues: IssueSummary[]
  /** How many numbered pages the list has. */
  total: number
  /** The address of numbered page `n`. */
  pageUrl: (n: number) => string
  /** The pages of newer and of older issues. */
  newer?: string
  older?: string
}

/** Lay out a page of the issue list. */
export function homePage(
  context: PageContext,
  list: ListPage,
  alternates: Alternate[],
  feed: {title: string; url: string}
): Root {
  const {messages} = context
  const heading = list.number === undefined ? context.siteTitle : rangeTitle(context, list.issues)
  const [newest, ...rest] = list.issues
  const featured = list.number === undefined && newest !== undefined
  return page(context, {
    title: list.number === undefined ? context.siteTitle : `${heading} — ${context.siteTitle}`,
    url: list.url,
    alternates,
    feeds: [feed],
    sequence: {
      ...(list.newer === undefined ? {} : {prev: list.newer}),
      ...(list.older === undefined ? {} : {next: list.older})
    },
    main: [
      h('h1', heading),
      list.issues.length === 0 ? h('p', messages.noIssues) : null,
      featured
        ? h('section.latest-issue', {ariaLabelledBy: '_latest'}, [
            h('h2#_latest', messages.latest),
            card(context, newest, 'h3')
          ])
        : null,
      h('h2.visually-hidden', messages.issues),
      (featured ? rest : list.issues).length === 0
        ? null
        : h(
            'ol.issue-list',
            (featured ? rest : list.issues).map((issue) => h('li', card(context, issue, 'h3')))
          ),
      list.total > 0 ? pager(context, list) : null
    ]
  })
}

/** "Issues 25 to 48": the numbers of a page's oldest and newest issues. */
function rangeTitle(context: PageContext, issues: readonly IssueSummary[]): string {
  const first = issues.at(-1)?.number ?? 0
  const last = issues[0]?.number ?? 0
  return format(context.messages.listPageTitle, {
    first: context.format.number(first),
    last: context.format.number(last)
  })
}

function card(context: PageContext, issue: IssueSummary, heading: 'h3'): Element {
  return h('article.issue-card', [
    h(heading, h('a', {href: issue.url}, text('span', issue.title))),
    issueMeta(context, issue),
    issue.summary === undefined ? null : text('p', issue.summary, {class: 'summary'}),
    ...directorateList(context, issue)
  ])
}

/** Links to newer and older issues, and to the numbered pages, newest first. */
function pager(context: PageContext, list: ListPage): Element {
  const {messages} = context
  const numbers = pageNumbers(list.total, list.number)
  return h('nav.list-pager', {ariaLabelledBy: '_pages'}, [
    h('h2#_pages', list.number === undefined ? messages.allIssuesByPage : messages.listPages),
    list.newer === undefined && list.older === undefined
      ? null
      : h('ul.list-pager-steps', [
          list.newer === undefined
            ? null
            : h('li', h('a', {href: list.newer, rel: 'prev'}, messages.newerIssues)),
          list.older === undefined
            ? null
            : h('li', h('a', {href: list.older, rel: 'next'}, messages.olderIssues))
        ]),
    h(
      'ul.list-pager-pages',
      numbers.map((n) =>
        n === undefined
          ? h('li.gap', {ariaHidden: 'true'}, '…')
          : h(
              'li',
              h(
                'a',
                {
                  href: list.pageUrl(n),
                  ariaLabel: format(messages.listPage, {page: context.format.number(n)}),
                  ...(n === list.number ? {ariaCurrent: 'page'} : {})
                },
                context.format.number(n)
              )
            )
      )
    )
  ])
}

/**
 * The page numbers to link, newest first, `undefined` for a gap: the first
 * and last pages, and two on each side of the current one (of the newest
 * pages on the home), so that the pager stays short at any size.
 */
export function pageNumbers(total: number, current: number | undefined): (number | undefined)[] {
  const around = current ?? total
  const shown = new Set([1, total])
  for (let n = around - 2; n <= around + 2; n += 1) if (n >= 1 && n <= total) shown.add(n)
  if (current === undefined) for (let n = total - 4; n <= total; n += 1) if (n >= 1) shown.add(n)
  const sorted = [...shown].sort((a, b) => b - a)
  const result: (number | undefined)[] = []
  for (const [index, n] of sorted.entries()) {
    const previous = sorted[index - 1]
    if (previous !== undefined && previous - n > 1) result.push(undefined)
    result.push(n)
  }
  return result
}
