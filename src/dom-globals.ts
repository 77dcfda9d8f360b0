/**
 * Names that a page element's id would shadow or be confused with: the
 * properties of `window` and `document` (and their prototypes) that a
 * section id can spell (lowercase letters, digits and hyphens), as Chromium
 * lists them (Chromium 156, on a blank page), less the `on…` event
 * handlers, which no id can shadow, with a few of other browsers and the
 * prototype's, and Pagefind's global. An element with such an id becomes a
 * property of `window` where the browser has none, and makes every script
 * that reads the name uncertain of what it gets.
 */
const names = [
  'alert', 'all', 'anchors', 'append', 'applets', 'atob', 'blur', 'body', 'btoa', 'caches',
  'charset', 'children', 'chrome', 'clear', 'close', 'closed', 'confirm', 'console', 'constructor',
  'contains', 'content', 'cookie', 'credentialless', 'crypto', 'dir', 'doctype', 'document',
  'domain', 'dump', 'embeds', 'escape', 'eval', 'evaluate', 'event', 'external', 'fence', 'fetch',
  'find', 'focus', 'fonts', 'forms', 'frames', 'fullscreen', 'head', 'hidden', 'history', 'images',
  'implementation', 'length', 'links', 'location', 'locationbar', 'menubar', 'name', 'navigation',
  'navigator', 'netscape', 'normalize', 'open', 'opener', 'origin', 'pagefind', 'parent',
  'performance', 'personalbar', 'plugins', 'prepend', 'prerendering', 'print', 'prompt',
  'prototype', 'referrer', 'scheduler', 'screen', 'scripts', 'scroll', 'scrollbars', 'self',
  'sidebar', 'status', 'statusbar', 'stop', 'timeline', 'title', 'toolbar', 'top', 'undefined',
  'unescape', 'viewport', 'when', 'window', 'write', 'writeln'
]

/** Whether `id` is a name of the page's globals (see above). */
export function isDomGlobalName(id: string): boolean {
  return reserved.has(id)
}

const reserved: ReadonlySet<string> = new Set(names)
