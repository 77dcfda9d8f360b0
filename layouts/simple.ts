/**
 * Small pages: the stable "latest issue" address, the search page and the
 * page for addresses that do not exist.
 */
import type {Element, Root} from 'hast'
import {h} from 'hastscript'
import {format} from '../src/model/i18n.ts'
import {archiveUrl, directoratesUrl, homeUrl} from '../src/model/routes.ts'
import {page} from './page.ts'
import {issueLabel} from './parts.ts'
import type {Alternate, IssueSummary, PageContext} from './view.ts'

/** Leads to the newest issue at once, and says where it leads for those whose browser does not follow. */
export function latestPage(
  context: PageContext,
  url: string,
  alternates: Alternate[],
  latest: IssueSummary | undefined
): Root {
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
              format(messages.latestRedirect, {
                issue: issueLabel(context, latest.number),
                title: latest.title.value
              })
            )
          ])
        : h('p', messages.noIssues)
    ]
  })
}

/**
 * The search page: Pagefind's UI, started by the theme's script, which
 * merges the index's other shards (`pagefind/2/`…) into the first; without
 * JavaScript, a way to browse instead.
 */
export function searchPage(
  context: PageContext,
  url: string,
  alternates: Alternate[],
  shards: readonly number[]
): Root {
  const {messages} = context
  return page(context, {
    title: `${messages.searchTitle} — ${context.siteTitle}`,
    url,
    alternates,
    stylesheets: ['/pagefind/pagefind-ui.css'],
    scripts: ['/pagefind/pagefind-ui.js', context.script],
    main: [
      h('h1', messages.searchTitle),
      // Sorting needs the script: it shows the control when it starts.
      h('p.search-sort', {hidden: true}, [
        h('label', {htmlFor: '_sort'}, messages.sortBy),
        ' ',
        h('select#_sort', [
          h('option', {value: ''}, messages.sortRelevance),
          h('option', {value: 'date'}, messages.sortDate)
        ])
      ]),
      h('div#search', {
        dataIssueLabel: messages.issueNumber,
        ...(shards.length === 0 ? {} : {dataSearchShards: shards.join(' ')})
      }),
      h('noscript', h('p', messages.searchNeedsScript)),
      h('ul.search-browse', [
        h('li', h('a', {href: directoratesUrl(context.lang)}, messages.directoratesTitle)),
        h('li', h('a', {href: archiveUrl(context.lang)}, messages.archiveTitle))
      ])
    ]
  })
}

/**
 * The 404 page's one inline script, for a site whose address is not
 * configured: a host serves the page at the missing address, whatever its
 * depth, so the script finds the site's root in that address (the part
 * before the first of the site's own top folders, else the address's own
 * folder, as for a mistyped name at the top) and makes it the base of
 * the page's relative links, before the stylesheet is requested. It never
 * changes with the site, so the README's Content-Security-Policy allows it
 * by its hash.
 */
export const rootFinder =
  "(function(){var m=/^(.*?\\/)(?:(?:fr|en|media|assets|pagefind)\\/|404\\.html$)/.exec(location.pathname);var b=document.createElement('base');b.href=m?m[1]:location.pathname.replace(/[^\\/]*$/,'');document.head.appendChild(b)})()"

/**
 * The page of a missing address, in every language of the site: it cannot
 * know the reader's. With the site's address, a base keeps its relative
 * links right; without it, {@link rootFinder} does.
 */
export function notFoundPage(
  contexts: PageContext[],
  url: string,
  alternates: Alternate[],
  base?: string
): Root {
  const [first, ...others] = contexts
  if (!first) throw new Error('A site has at least one language')
  const part = (context: PageContext, heading: 'h1' | 'h2'): Element[] => [
    h(heading, context.messages.notFoundTitle),
    h('p', context.messages.notFoundText),
    h('ul', [
      h('li', h('a', {href: homeUrl(context.lang)}, context.messages.issues)),
      h('li', h('a', {href: archiveUrl(context.lang)}, context.messages.archiveTitle)),
      h('li', h('a', {href: directoratesUrl(context.lang)}, context.messages.directoratesTitle))
    ])
  ]
  return page(first, {
    title:
      [first, ...others].map((context) => context.messages.notFoundTitle).join(' · ') +
      ` — ${first.siteTitle}`,
    url,
    alternates,
    ...(base === undefined ? {inlineScript: rootFinder} : {base}),
    main: [
      ...part(first, 'h1'),
      ...others.map((context) => h('section', {lang: context.lang}, part(context, 'h2')))
    ]
  })
}

/** The accessibility statement: what the pages aim at, what they are checked with and to what result, their known limits, and whom to write to. */
export function accessibilityPage(
  context: PageContext,
  url: string,
  alternates: Alternate[]
): Root {
  const {messages} = context
  const [before = '', after = ''] = messages.accessibilityContact.split('{contact}')
  return page(context, {
    title: `${messages.accessibilityTitle} — ${context.siteTitle}`,
    url,
    alternates,
    main: [
      h('h1', messages.accessibilityTitle),
      h('p', format(messages.accessibilityIntro, {site: context.siteTitle})),
      h('p', messages.accessibilityTarget),
      h('p', messages.accessibilityChecks),
      h(
        'ul',
        messages.accessibilityResults
          .split(/\s*;\s*/)
          .map((result) => h('li', result.replace(/\.$/, '')))
      ),
      h('p', messages.accessibilityLimits),
      context.contact === undefined
        ? null
        : h('p', [before, h('a', {href: `mailto:${context.contact}`}, context.contact), after])
    ]
  })
}
