/**
 * The document shell shared by every page: head, skip link, header with the
 * site's navigation and the language switcher, main, footer.
 */
import type {Root} from 'hast'
import {h} from 'hastscript'
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
      h('html', {lang: context.lang}, [
        h('head', [
          h('meta', {charSet: 'utf-8'}),
          h('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
          h('title', shell.title),
          shell.description === undefined ? null : h('meta', {name: 'description', content: shell.description}),
          h('link', {rel: 'stylesheet', href: context.stylesheet}),
          shell.alternates.map((alternate) => h('link', {rel: 'alternate', hrefLang: alternate.lang, href: alternate.url}))
        ]),
        h('body', [
          h('a.skip-link', {href: '#_main'}, messages.skipToContent),
          h('header.site-header', [
            h('p.site-title', h('a', {href: `/${context.lang}/`}, context.siteTitle)),
            h('nav.site-nav', {ariaLabel: messages.siteNavigation}, [
              h('ul', [
                h('li', h('a', {href: `/${context.lang}/`}, messages.issues)),
                others.map((alternate) =>
                  h('li.language-switch', [
                    h('span.visually-hidden', messages.otherLanguage + colon(context.lang)),
                    h('a', {href: alternate.url, hrefLang: alternate.lang, lang: alternate.lang, rel: 'alternate'}, alternate.label)
                  ])
                )
              ])
            ])
          ]),
          h('main#_main', {tabIndex: -1}, shell.main),
          h('footer.site-footer', h('p', [context.siteTitle, ' — ', messages.footer]))
        ])
      ])
    ]
  }
}
