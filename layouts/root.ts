/**
 * The site's root: a language chooser that sends readers on to the first
 * language at once, without JavaScript.
 */
import type {Root} from 'hast'
import {h} from 'hastscript'
import type {Alternate, PageContext} from './view.ts'

/** Lay out the root page; `languages[0]` is where it redirects. */
export function rootPage(
  context: PageContext,
  languages: Alternate[],
  titles: {lang: string; title: string}[]
): Root {
  const first = languages[0]
  return {
    type: 'root',
    children: [
      {type: 'doctype'},
      h('html', {lang: context.lang}, [
        h('head', [
          h('meta', {charSet: 'utf-8'}),
          h('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
          h('title', titles.map((item) => item.title).join(' · ')),
          first ? h('meta', {httpEquiv: 'refresh', content: `0; url=${first.url}`}) : null,
          h('link', {rel: 'stylesheet', href: context.stylesheet}),
          h('link', {rel: 'icon', type: 'image/svg+xml', href: context.icon})
        ]),
        h('body', [
          h('main#_main.chooser', [
            h(
              'h1',
              titles.map((item, index) => [
                index > 0 ? h('br') : null,
                h('span', item.lang === context.lang ? {} : {lang: item.lang}, item.title)
              ])
            ),
            h(
              'ul.language-list',
              languages.map((language) =>
                h(
                  'li',
                  h(
                    'a',
                    {href: language.url, hrefLang: language.lang, lang: language.lang},
                    language.label
                  )
                )
              )
            )
          ])
        ])
      ])
    ]
  }
}
