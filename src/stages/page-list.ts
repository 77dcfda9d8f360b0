/**
 * The list of the site's files, as kinds of page and their arguments, in
 * the order of the site, and the sitemap made from it.
 */
import {step, type Arg} from '../engine/store.ts'
import * as routes from '../model/routes.ts'
import {sitemap} from './feeds.ts'
import type {PageKind} from './page-kind.ts'
import type {PageKinds} from './page-steps.ts'
import {directoratePagesStep, yearsOf} from './page-views.ts'
import {config, languagesStep, numbers} from './site-steps.ts'

type KindName = keyof PageKinds

/** Every file of the site as a kind and its argument, in the order of the site. */
export const pageListStep = step('page-list', (read, _: ''): [KindName, Arg][] => {
  const site = config(read)
  const all = numbers(read)
  const list: [KindName, Arg][] = []
  if (site.languages.length > 0) list.push(['root', ''], ['notFound', ''])
  for (const lang of site.languages) {
    const total = Math.ceil(all.length / routes.listPageSize)
    for (let page = 0; page <= total; page++) list.push(['list', [lang, page]])
    for (const number of all) list.push(['issue', [lang, number]], ['issueJson', [lang, number]])
    list.push(['directorates', lang])
    for (const directorate of read(directoratePagesStep, lang)) {
      list.push(['directorate', [lang, directorate.code]])
      for (const year of directorate.years)
        list.push(['directorateYear', [lang, directorate.code, year]])
      list.push(['directorateFeed', [lang, directorate.code]])
    }
    list.push(['archive', lang])
    for (const year of yearsOf(read)) list.push(['year', [lang, year]])
    list.push(['latest', lang], ['search', lang], ['accessibility', lang])
    list.push(['feed', lang], ['index', lang])
  }
  return list
})

/** The sitemap's step, when the site's address is known: every page but the 404, with its alternates. */
export const sitemapStep = (kinds: PageKinds) =>
  step('sitemap', (read, _: ''): string | undefined => {
    const site = config(read)
    if (site.url === undefined) return undefined
    const labels = read(languagesStep, '')
    const pages = read(pageListStep, '').flatMap(([name, arg]) => {
      const kind = kinds[name] as PageKind<Arg>
      const url = kind.url(arg)
      if (!kind.html || url === routes.notFoundUrl) return []
      const alternate = kind.html.alternate
      const alternates =
        alternate === undefined
          ? []
          : labels.map(({lang, label}) => ({lang, label, url: alternate(arg, lang)}))
      return [{url, alternates}]
    })
    return sitemap(site.url, pages)
  })
