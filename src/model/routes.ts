/**
 * The site's URL scheme. Pages are addressed by site-absolute URLs while the
 * site is built; `relativeUrl` turns them into links that work under any
 * sub-path once each page knows where it is.
 */
import {posix} from 'node:path'
import type {Lang} from './types.ts'

/** Path segments of each language: French readers read French URLs. */
const segments: Record<
  Lang,
  Record<'issues' | 'directorates' | 'archive' | 'latest' | 'search' | 'accessibility', string>
> = {
  fr: {
    issues: 'numeros',
    directorates: 'directions',
    archive: 'archives',
    latest: 'dernier',
    search: 'recherche',
    accessibility: 'accessibilite'
  },
  en: {
    issues: 'issues',
    directorates: 'directorates',
    archive: 'archive',
    latest: 'latest',
    search: 'search',
    accessibility: 'accessibility'
  }
}

/** The language chooser at the root of the site. */
export const rootUrl = '/'

/** A language's home: the list of issues. */
export function homeUrl(lang: Lang): string {
  return `/${lang}/`
}

/** Issues a page of the list holds. */
export const listPageSize = 24

/**
 * A page of a language's issue list. Pages are counted from the oldest
 * issue, so that a page keeps its address and its issues when new ones are
 * published: only the last page and the home change.
 */
export function listPageUrl(lang: Lang, page: number): string {
  return `/${lang}/page/${page}/`
}

/** An issue's page in a language. */
export function issueUrl(lang: Lang, issue: number): string {
  return `/${lang}/${segments[lang].issues}/${issue}/`
}

/** The list of directorates. */
export function directoratesUrl(lang: Lang): string {
  return `/${lang}/${segments[lang].directorates}/`
}

/** A directorate's articles. */
export function directorateUrl(lang: Lang, code: string): string {
  return `${directoratesUrl(lang)}${code.toLowerCase()}/`
}

/** A directorate's articles of one year. */
export function directorateYearUrl(lang: Lang, code: string, year: string): string {
  return `${directorateUrl(lang, code)}${year}/`
}

/** The list of years. */
export function archiveUrl(lang: Lang): string {
  return `/${lang}/${segments[lang].archive}/`
}

/** A year's issues. */
export function yearUrl(lang: Lang, year: string): string {
  return `${archiveUrl(lang)}${year}/`
}

/** A stable address that leads to the newest issue. */
export function latestUrl(lang: Lang): string {
  return `/${lang}/${segments[lang].latest}/`
}

/** The search page. */
export function searchUrl(lang: Lang): string {
  return `/${lang}/${segments[lang].search}/`
}

/** The accessibility statement. */
export function accessibilityUrl(lang: Lang): string {
  return `/${lang}/${segments[lang].accessibility}/`
}

/** The Atom feed of a language, or of one directorate in it. */
export function feedUrl(lang: Lang, code?: string): string {
  return code === undefined ? `/${lang}/atom.xml` : `${directorateUrl(lang, code)}atom.xml`
}

/** The archive's index as JSON, for scripts and agents. */
export function jsonUrl(lang: Lang): string {
  return `/${lang}/issues.json`
}

/** One issue as JSON, with its articles' text: beside its page. */
export function issueJsonUrl(lang: Lang, issue: number): string {
  return `${issueUrl(lang, issue)}issue.json`
}

/** Where the search index lives in the site. */
export const searchFolder = 'pagefind'

/**
 * Issues per shard of the search index. Shards are ranges of numbers
 * (1–2000, 2001–4000…), which never change for an issue, whatever the pace
 * of publication: a new issue changes the last shard only. Each shard adds
 * about 25 KB to a reader's first search (Pagefind loads one chunk of
 * every shard's index, and a chunk holds 20,000 word positions), so shards
 * are few: at 4,000 issues, two.
 */
export const searchShardSize = 2000

/** The shard of the search index that holds an issue. */
export function searchShardOf(issue: number): number {
  return Math.ceil(issue / searchShardSize)
}

/** A shard's folder in the site: the first shard is the bundle itself, beside Pagefind's code; the others are merged into it. */
export function searchBundleFolder(shard: number, primary: number): string {
  return shard === primary ? searchFolder : `${searchFolder}/${shard}`
}

/**
 * Whether a file of the search bundle is Pagefind's code (script,
 * stylesheet, WebAssembly) rather than index data. Code is never taken from
 * the cache or from a built site: it comes from the installed Pagefind.
 */
export function isBundleCode(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1)
  return /\.(js|css)$/.test(name) || /^wasm\.[^/]+\.pagefind$/.test(name)
}

/** The page static hosts serve for a missing page. */
export const notFoundUrl = '/404.html'

/** The sitemap, for search engines. */
export const sitemapUrl = '/sitemap.xml'

/** A file of an issue folder (image, attachment), shared by both languages. */
export function mediaUrl(issue: number, path: string): string {
  return `/media/${issue}/${path.split('/').map(encodeURIComponent).join('/')}`
}

/** A stylesheet or script, named after its content for long-term caching. */
export function assetUrl(name: string): string {
  return `/assets/${name}`
}

/** The file, relative to the output folder, that serves a site-absolute URL. */
export function outputPath(url: string): string {
  const path = decodeURIComponent(url.replace(/[?#].*$/s, '')).slice(1)
  return path === '' || path.endsWith('/') ? `${path}index.html` : path
}

/**
 * A link from the page at `from` to the site-absolute `to`, relative so that
 * the site works wherever it is served. Other URLs are returned unchanged.
 */
export function relativeUrl(from: string, to: string): string {
  if (!to.startsWith('/') || to.startsWith('//')) return to
  const hashIndex = to.search(/[?#]/)
  const path = hashIndex === -1 ? to : to.slice(0, hashIndex)
  const suffix = hashIndex === -1 ? '' : to.slice(hashIndex)
  const fromDir = from.endsWith('/') ? from : posix.dirname(from)
  if (path === from && suffix.startsWith('#')) return suffix
  let relative = posix.relative(fromDir, path)
  if (path.endsWith('/') && relative !== '') relative += '/'
  if (relative === '') relative = './'
  return relative + suffix
}
