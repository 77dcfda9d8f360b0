/**
 * The document shell shared by every page: head, skip link, header with the
 * site's navigation and the language switcher, main, footer.
 */
import type {Element, Root} from 'hast'
import {h} from 'hastscript'
import {
  accessibilityUrl,
  archiveUrl,
  directoratesUrl,
  feedUrl,
  homeUrl,
  jsonUrl,
  rootUrl,
  searchUrl
} from '../src/model/routes.ts'
import {colon} from './parts.ts'
import type {PageContext, Shell} from './view.ts'

/** Lay out a whole document around `shell.main`. */
export function page(context: PageContext, shell: Shell): Root {
  const {messages} = context
  const others = shell.alternates.filter((alternate) => alternate.lang !== context.lang)
  return {
    type: 'root',
    children: [
      {type: 'doctype'},
      // The print stylesheet repeats this at the top of every printed page.
      h('html', {lang: context.lang, dataPrintHead: shell.printHead ?? context.siteTitle}, [
        h('head', [
          h('meta', {charSet: 'utf-8'}),
          h('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
          shell.base === undefined ? null : h('base', {href: shell.base}),
          shell.inlineScript === undefined ? null : h('script', shell.inlineScript),
          h('title', shell.title),
          shell.description === undefined
            ? null
            : h('meta', {name: 'description', content: shell.description}),
          shell.redirect === undefined
            ? null
            : h('meta', {httpEquiv: 'refresh', content: `0; url=${shell.redirect}`}),
          h('link', {rel: 'stylesheet', href: context.stylesheet}),
          (shell.stylesheets ?? []).map((href) => h('link', {rel: 'stylesheet', href})),
          h('link', {rel: 'icon', type: 'image/svg+xml', href: context.icon}),
          (shell.scripts ?? []).map((src) => h('script', {src, defer: true})),
          (shell.feeds ?? []).map((feed) =>
            h('link', {
              rel: 'alternate',
              type: 'application/atom+xml',
              title: feed.title,
              href: feed.url
            })
          ),
          // With the site's address known, search engines get absolute alternates, the default and the canonical address.
          shell.alternates.map((alternate) =>
            h('link', {
              rel: 'alternate',
              hrefLang: alternate.lang,
              href: absolute(context, alternate.url)
            })
          ),
          context.siteUrl === undefined || shell.alternates.length === 0
            ? null
            : h('link', {
                rel: 'alternate',
                hrefLang: 'x-default',
                href: absolute(context, rootUrl)
              }),
          context.siteUrl === undefined || shell.base !== undefined
            ? null
            : h('link', {rel: 'canonical', href: absolute(context, shell.url)}),
          shell.sequence?.prev === undefined
            ? null
            : h('link', {rel: 'prev', href: shell.sequence.prev}),
          shell.sequence?.next === undefined
            ? null
            : h('link', {rel: 'next', href: shell.sequence.next})
        ]),
        h('body', [
          h('a.skip-link', {href: '#_main'}, messages.skipToContent),
          h('header.site-header', [
            h('div.site-identity', [
              context.publisher === undefined ? null : h('p.site-publisher', context.publisher),
              h('p.site-title', h('a', {href: homeUrl(context.lang)}, context.siteTitle))
            ]),
            // A plain form: it leads to the search page with the query, JavaScript or not.
            // The search page has its own box: one is enough.
            shell.url === searchUrl(context.lang)
              ? null
              : h(
                  'form.site-search',
                  {role: 'search', action: searchUrl(context.lang), method: 'get'},
                  [
                    h('label.visually-hidden', {htmlFor: '_q'}, context.messages.searchTitle),
                    h('input#_q', {type: 'search', name: 'q'}),
                    h('button', {type: 'submit'}, context.messages.search)
                  ]
                ),
            h('nav.site-nav', {ariaLabel: messages.siteNavigation}, [
              h('ul', [
                navLink(shell.url, homeUrl(context.lang), messages.issues),
                navLink(shell.url, archiveUrl(context.lang), messages.archive),
                navLink(shell.url, directoratesUrl(context.lang), messages.directorates),
                navLink(shell.url, searchUrl(context.lang), messages.search),
                others.map((alternate) =>
                  h('li.language-switch', [
                    h('span.visually-hidden', messages.otherLanguage + colon(context.lang)),
                    h(
                      'a',
                      {
                        href: alternate.url,
                        hrefLang: alternate.lang,
                        lang: alternate.lang,
                        rel: 'alternate'
                      },
                      alternate.label
                    )
                  ])
                )
              ])
            ])
          ]),
          h('main#_main', {tabIndex: -1}, shell.main),
          h('footer.site-footer', [
            h('p', [context.siteTitle, ' — ', messages.footer]),
            context.publisher === undefined ? null : h('p.footer-publisher', context.publisher),
            context.contact === undefined
              ? null
              : h('p', [
                  messages.writeToUs + colon(context.lang),
                  h('a', {href: `mailto:${context.contact}`}, context.contact)
                ]),
            h('p.footer-links', [
              h('a', {href: feedUrl(context.lang), type: 'application/atom+xml'}, messages.feed),
              ' · ',
              h('a', {href: jsonUrl(context.lang), type: 'application/json'}, messages.data),
              ' · ',
              h('a', {href: accessibilityUrl(context.lang)}, messages.accessibility)
            ])
          ])
        ])
      ])
    ]
  }
}

/** A navigation link; the current section is marked for assistive technologies. */
function navLink(current: string, url: string, label: string): Element {
  const here =
    current === url || (url !== current && current.startsWith(url) && url.split('/').length > 3)
  return h(
    'li',
    h('a', here ? {href: url, ariaCurrent: current === url ? 'page' : 'true'} : {href: url}, label)
  )
}

/** A site-absolute URL (`/fr/`) made absolute with the site's address, when it is known. */
function absolute(context: PageContext, url: string): string {
  return context.siteUrl === undefined
    ? url
    : new URL(
        url.replace(/^\//, ''),
        context.siteUrl.endsWith('/') ? context.siteUrl : `${context.siteUrl}/`
      ).href
}
