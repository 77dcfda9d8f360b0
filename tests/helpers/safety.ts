/**
 * The oracle of the hostile-input tests: parse a page as a browser would
 * and list everything in it that could run script or clobber the DOM.
 */
import {rootFinder} from '../../layouts/simple.ts'
import type {Element, Root} from 'hast'
import {fromHtml} from 'hast-util-from-html'
import {visit} from 'unist-util-visit'

/** Elements that run or embed code, or change how every URL of the page resolves. */
const dangerousElements = new Set([
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'base',
  'svg',
  'math',
  'style',
  'template',
  'portal'
])

/** Properties (as hast names them) that hold a URL a browser may follow or load. */
const urlProperties = [
  'href',
  'src',
  'action',
  'formAction',
  'poster',
  'cite',
  'data',
  'background',
  'ping',
  'xLinkHref',
  'manifest',
  'codeBase',
  'longDesc',
  'useMap',
  'icon'
]

/** Names a page element with that `id` or `name` would shadow on `window` or `document`. */
const clobberable = new Set([
  'constructor',
  '__proto__',
  'prototype',
  'location',
  'document',
  'window',
  'top',
  'self',
  'parent',
  'frames',
  'opener',
  'name',
  'cookie',
  'domain',
  'forms',
  'images',
  'links',
  'scripts',
  'body',
  'head',
  'alert',
  'fetch',
  'history',
  'navigator',
  'localStorage',
  'sessionStorage',
  'defaultView',
  'implementation',
  'getElementById',
  'querySelector'
])

/** What a URL is once a browser has stripped what it ignores: its scheme, if it has one. */
export function schemeOf(url: string): string | undefined {
  // Browsers drop leading and trailing C0 controls and spaces, and tabs and newlines anywhere.
  const cleaned = url.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '')
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned)
  return match?.[1]?.toLowerCase()
}

/**
 * Everything in `html` that could run script: script elements other than
 * the site's own (`allowedScripts`), embedding elements, event handlers,
 * URLs with a scheme other than http, https, mailto and tel, and ids or
 * names that clobber DOM globals. Empty when the page is safe.
 */
export function unsafeParts(
  html: string,
  allowedScripts: (src: string) => boolean = (src) =>
    /^(?:\.\.\/)*(?:assets\/search\.[0-9a-f]+\.js|pagefind\/[\w.-]+\.js)$/.test(src)
): string[] {
  const tree: Root = fromHtml(html)
  const found: string[] = []
  visit(tree, 'element', (node: Element) => {
    const name = node.tagName.toLowerCase()
    const properties = node.properties
    if (name === 'script') {
      const src = typeof properties.src === 'string' ? properties.src : ''
      // The one inline script Bulletin writes (the 404 page's, allowed by its hash in the README's policy), byte for byte.
      const inline = node.children
        .map((child) => (child.type === 'text' ? child.value : ''))
        .join('')
      const ours = src === '' && inline === rootFinder
      if (!ours && (!allowedScripts(src) || node.children.length > 0))
        found.push(`<script src="${src}">`)
    }
    if (dangerousElements.has(name)) found.push(`<${name}>`)
    if (
      name === 'meta' &&
      String(properties.httpEquiv ?? '')
        .toLowerCase()
        .includes('refresh')
    ) {
      const target = /url\s*=\s*['"]?([^'"]*)/i.exec(String(properties.content ?? ''))?.[1] ?? ''
      const scheme = schemeOf(target)
      if (scheme !== undefined && !['http', 'https'].includes(scheme))
        found.push(`<meta http-equiv=refresh content=${String(properties.content)}>`)
    }
    for (const [key, value] of Object.entries(properties)) {
      if (/^on/i.test(key)) found.push(`${name}[${key}]`)
      if (key === 'style' && /expression|url\s*\(|javascript/i.test(String(value)))
        found.push(`${name}[style=${String(value)}]`)
    }
    for (const key of urlProperties) {
      const value = properties[key]
      if (value === undefined || value === null) continue
      const scheme = schemeOf(String(value))
      if (scheme !== undefined && !['http', 'https', 'mailto', 'tel'].includes(scheme))
        found.push(`${name}[${key}=${String(value)}]`)
    }
    const srcset = properties.srcSet
    if (Array.isArray(srcset) || typeof srcset === 'string') {
      for (const candidate of String(srcset).split(',')) {
        const scheme = schemeOf(candidate.trim())
        if (scheme !== undefined && !['http', 'https'].includes(scheme))
          found.push(`${name}[srcset=${candidate}]`)
      }
    }
    for (const key of ['id', 'name'] as const) {
      const value = properties[key]
      if (typeof value === 'string' && clobberable.has(value))
        found.push(`${name}[${key}=${value}]`)
    }
  })
  return found
}
