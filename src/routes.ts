/**
 * The site's URL scheme. Pages are addressed by site-absolute URLs while the
 * site is built; `relativeUrl` turns them into links that work under any
 * sub-path once each page knows where it is.
 */
import {posix} from 'node:path'
import type {Lang} from './types.ts'

const issueSegment: Record<Lang, string> = {fr: 'numeros', en: 'issues'}

/** The language chooser at the root of the site. */
export const rootUrl = '/'

/** A language's home: the list of issues. */
export function homeUrl(lang: Lang): string {
  return `/${lang}/`
}

/** An issue's page in a language. */
export function issueUrl(lang: Lang, issue: number): string {
  return `/${lang}/${issueSegment[lang]}/${issue}/`
}

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
