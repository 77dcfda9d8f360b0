/**
 * Atom feeds and the sitemap, built as XML trees with xastscript and
 * serialized by xast-util-to-xml, never by joining strings.
 */
import type {Element as HastElement, ElementContent, Root as HastRoot} from 'hast'
import {toHtml} from 'hast-util-to-html'
import {h as html} from 'hastscript'
import {visit} from 'unist-util-visit'
import type {Element as XastElement, Root as XastRoot} from 'xast'
import {toXml} from 'xast-util-to-xml'
import {x} from 'xastscript'
import {issueLabel} from '../../layouts/parts.ts'
import type {Alternate, DirectorateView, PageContext} from '../../layouts/view.ts'
import type {Archive} from './archive.ts'
import {homeUrl, issueUrl, relativeUrl} from '../model/routes.ts'
import type {Lang} from '../model/types.ts'
import {shownFile} from './views.ts'

/** Turns the site's own URLs into what a document at `from` can use: absolute with a site URL, relative without. */
export function urlResolver(siteUrl: string | undefined, from: string): (url: string) => string {
  if (siteUrl === undefined) return (url) => relativeUrl(from, url)
  return (url) =>
    url.startsWith('/') && !url.startsWith('//') ? new URL(url.slice(1), siteUrl).href : url
}

/**
 * A permanent id for a feed or an entry, made of what it is (a language,
 * an issue's number, an article's anchor), never of an address: setting or
 * changing `url`, or the URL scheme, does not make feed readers announce
 * every entry again.
 */
function idOf(...parts: readonly (string | number | undefined)[]): string {
  return ['urn:bulletin', ...parts.filter((part) => part !== undefined)].join(':')
}

/** HTML of rendered parts, with their URLs made usable from the feed. */
function contentHtml(children: ElementContent[], resolve: (url: string) => string): string {
  const tree: HastRoot = {type: 'root', children: structuredClone(children)}
  visit(tree, 'element', (node: HastElement) => {
    for (const name of ['href', 'src'] as const) {
      const value = node.properties[name]
      if (typeof value === 'string') node.properties[name] = resolve(value)
    }
  })
  return toHtml(tree)
}

const day = (date: string): string => `${date}T00:00:00Z`

/**
 * Issues by when they were last published or corrected, newest first (by
 * number when on the same day): a corrected old issue comes back to the top.
 */
function newestFirst(archive: Archive, lang: Lang): Archive['issues'] {
  const changed = (issue: Archive['issues'][number]): string =>
    shownFile(issue, lang).file?.data.matter?.fields.updated ?? issue.date
  return [...archive.issues]
    .reverse()
    .sort((a, b) => (changed(a) === changed(b) ? 0 : changed(a) > changed(b) ? -1 : 1))
}

/**
 * How many entries a feed holds: the newest. A feed tells readers what is
 * new; the whole archive is in the JSON export, and a feed of every issue
 * would weigh megabytes that each feed reader downloads again and again.
 */
export const feedLength = 20

/**
 * The Atom feed of a language (an entry per issue, with every article), or
 * of one directorate (an entry per article): the newest `feedLength`.
 */
export function atomFeed(
  archive: Archive,
  lang: Lang,
  context: PageContext,
  feed: {title: string; url: string},
  directorate?: Pick<DirectorateView, 'code' | 'url'>
): string {
  const siteUrl = archive.config.url
  const resolve = urlResolver(siteUrl, feed.url)
  const entries: XastElement[] = []
  const names = new Map(archive.config.directorates.map((item) => [item.code, item.name[lang]]))
  const label = (number: number): string => issueLabel(context, number)
  // The feed changes when one of its entries does: a directorate's feed is as new as its newest article.
  let newest = day('1970-01-01')

  for (const issue of newestFirst(archive, lang)) {
    if (entries.length >= feedLength) break
    const shown = shownFile(issue, lang)
    const matter = shown.file?.data.matter
    const rendered = shown.file?.data.rendered
    if (!matter || !rendered) continue
    const url = (anchor?: string): string =>
      issueUrl(lang, issue.number) + (anchor === undefined ? '' : `#${anchor}`)
    const entry = (
      title: string,
      children: ElementContent[],
      summary?: string,
      anchor?: string
    ): XastElement => {
      // A corrected issue is announced again: its entries are as new as its correction.
      const updated = day(matter.fields.updated ?? issue.date)
      if (updated > newest) newest = updated
      return x(
        'entry',
        shown.lang === lang ? {} : {'xml:lang': shown.lang},
        [
          x('id', idOf(lang, 'issue', issue.number, anchor)),
          x('title', title),
          x('published', day(issue.date)),
          x('updated', updated),
          x('link', {rel: 'alternate', type: 'text/html', href: resolve(url(anchor))}),
          summary === undefined ? null : x('summary', summary),
          x('content', {type: 'html'}, contentHtml(children, resolve)),
          x('category', {term: String(issue.number), label: label(issue.number)})
        ].filter((child) => child !== null) as XastElement[]
      )
    }

    if (directorate) {
      for (const section of matter.sections
        .filter((item) => item.code === directorate.code)
        .slice(0, feedLength - entries.length)) {
        const body = rendered.sections.get(section.id)?.tree.children ?? []
        entries.push(
          entry(
            `${section.title} — ${label(issue.number)}, ${context.format.date(issue.date)}`,
            body as ElementContent[],
            undefined,
            section.id
          )
        )
      }
      continue
    }
    const children: ElementContent[] = [
      ...((rendered.intro?.tree.children ?? []) as ElementContent[])
    ]
    for (const section of matter.sections) {
      children.push(html('h2', [`${names.get(section.code) ?? section.code} — ${section.title}`]))
      children.push(
        ...((rendered.sections.get(section.id)?.tree.children ?? []) as ElementContent[])
      )
    }
    entries.push(
      entry(`${label(issue.number)} — ${matter.fields.title}`, children, matter.fields.summary)
    )
  }

  const tree: XastRoot = {
    type: 'root',
    children: [
      {type: 'instruction', name: 'xml', value: 'version="1.0" encoding="utf-8"'},
      x('feed', {xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': lang}, [
        x('id', idOf(lang, 'feed', directorate?.code.toLowerCase())),
        x('title', feed.title),
        x('updated', newest),
        x('link', {rel: 'self', type: 'application/atom+xml', href: resolve(feed.url)}),
        x('link', {
          rel: 'alternate',
          type: 'text/html',
          href: resolve(directorate?.url ?? homeUrl(lang))
        }),
        x('author', [x('name', context.siteTitle)]),
        x('generator', 'Bulletin'),
        ...entries
      ])
    ]
  }
  return `${toXml(tree, {closeEmptyElements: true})}\n`
}

/** Every page with its alternates in the other languages, for search engines. */
export function sitemap(siteUrl: string, pages: {url: string; alternates: Alternate[]}[]): string {
  const absolute = urlResolver(siteUrl, '/')
  const tree: XastRoot = {
    type: 'root',
    children: [
      {type: 'instruction', name: 'xml', value: 'version="1.0" encoding="utf-8"'},
      x(
        'urlset',
        {
          xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9',
          'xmlns:xhtml': 'http://www.w3.org/1999/xhtml'
        },
        pages.map((item) =>
          x('url', [
            x('loc', absolute(item.url)),
            ...item.alternates.map((alternate) =>
              x('xhtml:link', {
                rel: 'alternate',
                hreflang: alternate.lang,
                href: absolute(alternate.url)
              })
            )
          ])
        )
      )
    ]
  }
  return `${toXml(tree, {closeEmptyElements: true})}\n`
}
