/**
 * Small pages: the stable "latest issue" address, the search page and the
 * page for addresses that do not exist.
 */
import type {Root} from 'hast'
import {h} from 'hastscript'
import {format} from '../src/i18n.ts'
import {archiveUrl, directoratesUrl, homeUrl} from '../src/routes.ts'
import {page} from './page.ts'
import type {Alternate, IssueSummary, PageContext} from './view.ts'

/** Leads to the newest issue at once, and says where it leads for those whose browser does not follow. */
export function latestPage(context: PageContext, url: string, alternates: Alternate[], latest: IssueSummary | undefined): Root {
  const {messages} = context
  return page(context, {
    title: `${messages.latest} — ${context.siteTitle}`,
    url,
    alternates,
    ...(latest ? {redirect: latest.url} : {}),
    main: [
      h('h1', messages.latest),
      latest
        ? h('p', [
            h(
              'a',
              {href: latest.url},
              format(messages.latestRedirect, {issue: format(messages.issueNumber, {number: context.format.number(latest.number)}), title: latest.title.value})
            )
          ])
        : h('p', messages.noIssues)
    ]
  })
}

/** The search page: searching the text comes with the search index. */
export function searchPage(context: PageContext, url: string, alternates: Alternate[]): Root {
  const {messages} = context
  return page(context, {
    title: `${messages.searchTitle} — ${context.siteTitle}`,
    url,
    alternates,
    main: [
      h('h1', messages.searchTitle),
      h('p', messages.searchUnavailable),
      h('ul', [h('li', h('a', {href: directoratesUrl(context.lang)}, messages.directoratesTitle)), h('li', h('a', {href: archiveUrl(context.lang)}, messages.archiveTitle))])
    ]
  })
}

/** The page of a missing address. */
export function notFoundPage(context: PageContext, url: string, alternates: Alternate[], base?: string): Root {
  const {messages} = context
  return page(context, {
    title: `${messages.notFoundTitle} — ${context.siteTitle}`,
    url,
    alternates,
    ...(base === undefined ? {} : {base}),
    main: [
      h('h1', messages.notFoundTitle),
      h('p', messages.notFoundText),
      h('ul', [
        h('li', h('a', {href: homeUrl(context.lang)}, messages.issues)),
        h('li', h('a', {href: archiveUrl(context.lang)}, messages.archiveTitle)),
        h('li', h('a', {href: directoratesUrl(context.lang)}, messages.directoratesTitle))
      ])
    ]
  })
}
