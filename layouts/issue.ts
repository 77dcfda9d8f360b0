/**
 * An issue page: masthead, table of contents, introduction, one section per
 * article under its directorate's name, previous and next issues.
 */
import type {Element, Root} from 'hast'
import {h} from 'hastscript'
import {page} from './page.ts'
import {colon, issueLabel, issueMeta, text} from './parts.ts'
import type {Alternate, ArticleView, IssueSummary, IssueView, PageContext} from './view.ts'

/** Lay out one issue in one language. */
export function issuePage(
  context: PageContext,
  issue: IssueView,
  alternates: Alternate[],
  feed: {title: string; url: string}
): Root {
  return page(context, {
    title: `${issue.title.value} — ${issueLabel(context, issue.number)} — ${context.siteTitle}`,
    ...(issue.summary === undefined ? {} : {description: issue.summary.value}),
    url: issue.url,
    printHead: `${context.siteTitle} — ${issueLabel(context, issue.number)}, ${context.format.date(issue.date)}`,
    alternates,
    feeds: [feed],
    scripts: [context.script],
    main: [
      // Pagefind indexes this element only: not the navigation, the footer or the pager.
      h('article.issue', {dataPagefindBody: ''}, [
        h('header.masthead', [
          issueMeta(context, issue, true),
          issue.updated === undefined ? null : updatedLine(context, issue.updated),
          text('h1', issue.title),
          issue.summary === undefined ? null : text('p', issue.summary, {class: 'summary'})
        ]),
        issue.notice === undefined ? null : h('p.notice', issue.notice),
        issue.articles.length === 0 ? null : tableOfContents(context, issue.articles),
        issue.intro === undefined
          ? null
          : h(
              'div.intro',
              issue.intro.lang === undefined ? {} : {lang: issue.intro.lang},
              issue.intro.body
            ),
        issue.articles.map((article) => articleSection(context, article))
      ]),
      pager(context, issue)
    ]
  })
}

/** "Mis à jour le 15 avril 2020", with the date as a `<time>`. */
function updatedLine(context: PageContext, date: string): Element {
  const [before = '', after = ''] = context.messages.updatedOn.split('{date}')
  return h('p.issue-updated', [
    before,
    h('time', {dateTime: date}, context.format.date(date)),
    after
  ])
}

function tableOfContents(context: PageContext, articles: ArticleView[]): Element {
  return h('nav.toc', {ariaLabelledBy: '_toc-title', dataPagefindIgnore: ''}, [
    h('h2#_toc-title', context.messages.contents),
    h(
      'ol',
      articles.map((article) =>
        h(
          'li',
          h('a', {href: `#${article.id}`}, [
            h('span.toc-directorate', article.directorate),
            ' ',
            text('span', article.title, {class: 'toc-title'})
          ])
        )
      )
    )
  ])
}

function articleSection(context: PageContext, article: ArticleView): Element {
  // The anchor is on the heading: Pagefind makes each heading with an id a sub-result.
  return h('section.article', [
    h('h2', {id: article.id}, [
      h('span.kicker', [
        h('span', {dataPagefindFilter: context.messages.filterDirectorate}, article.directorate),
        h('span.visually-hidden', colon(context.lang))
      ]),
      ' ',
      text('span', article.title, {class: 'article-title'})
    ]),
    article.notice === undefined ? null : h('p.notice', article.notice),
    h('div.article-body', article.lang === undefined ? {} : {lang: article.lang}, article.body)
  ])
}

function pager(context: PageContext, issue: IssueView): Element | null {
  if (!issue.previous && !issue.next) return null
  const link = (target: IssueSummary, rel: 'prev' | 'next', label: string): Element =>
    h(`li.pager-${rel}`, [
      h('a', {href: target.url, rel}, [
        h('span.pager-label', label),
        ' ',
        h('span.pager-issue', issueLabel(context, target.number)),
        ' — ',
        text('span', target.title)
      ])
    ])
  return h('nav.pager', {ariaLabel: context.messages.issueNavigation}, [
    h('ul', [
      issue.previous ? link(issue.previous, 'prev', context.messages.previousIssue) : null,
      issue.next ? link(issue.next, 'next', context.messages.nextIssue) : null
    ])
  ])
}
