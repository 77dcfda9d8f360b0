/**
 * The dev server's HTTP side: serves the last good site from memory, on
 * the local address only, and a live-reload channel (server-sent events).
 * Nothing outside the site is served: requests name a path in the site,
 * never a file on disk, and those with a foreign `Host` or `Origin` are
 * refused (DNS rebinding, cross-site reads).
 */
import {open} from 'node:fs/promises'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {extname} from 'node:path'
import type {SiteFile} from './site-files.ts'
import {recordedBytes} from '../engine/previous-site.ts'

/** Where the dev server's own files are: no site path starts so. */
export const devPrefix = '/_bulletin/'

/** What the server serves: the site's files by path, and the live-reload client. */
export interface ServeOptions {
  /** The current site, by path relative to its root. */
  site: () => ReadonlyMap<string, SiteFile>
  /** The live-reload client's script. */
  client: string
  /** Host names the server answers to, besides the local ones. */
  hosts?: readonly string[]
  /** Before the first good build: whether it is under way or failed, for the page shown meanwhile. */
  waiting?: () => 'building' | 'failed'
  /** A file kept from the last build is no longer as it recorded it: everything must be laid out. */
  kept?: () => void
}

/** The server, and the function that sends an event to every open page. */
export interface SiteServer {
  server: Server
  broadcast: (event: string, data: unknown) => void
  /** Sent to each page as it connects, such as the current problems. */
  greeting: {event: string; data: unknown} | undefined
}

/** Content types by file extension: what a static host is expected to send. */
export const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.pdf': 'application/pdf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8'
}

/** Create the server; the caller listens. */
export function createSiteServer(options: ServeOptions): SiteServer {
  const clients = new Set<ServerResponse>()
  const result: SiteServer = {
    server: createServer((request, response) => handle(request, response)),
    broadcast: (event, data) => {
      for (const client of clients) client.write(eventText(event, data))
    },
    greeting: undefined
  }

  // Read at each request: a file kept from the last build is served only while it is what it recorded.
  const recorded = (file: {kept: string; digest: string}): Uint8Array | undefined => {
    const bytes = recordedBytes(file.kept, file.digest)
    if (bytes === undefined) options.kept?.()
    return bytes
  }

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const refusal = refuse(request, options.hosts ?? [])
    if (refusal) return send(response, refusal.status, refusal.reason)
    const path = sitePath(request.url ?? '/')
    if (path === undefined)
      return send(response, 400, 'Bad request: the path leaves the site or cannot be read')

    if (`/${path}` === `${devPrefix}live.js`) return send(response, 200, options.client, '.js')
    if (`/${path}` === `${devPrefix}events`) {
      response.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive'
      })
      response.write(': Bulletin live reload\n\n')
      if (result.greeting) response.write(eventText(result.greeting.event, result.greeting.data))
      clients.add(response)
      request.on('close', () => clients.delete(response))
      return
    }

    const site = options.site()
    const name = path === '' || path.endsWith('/') ? `${path}index.html` : path
    const file = site.get(name)
    if (file) return serveFile(response, 200, name, file)
    if (site.has(`${name}/index.html`)) {
      response.writeHead(301, {Location: `${(request.url ?? '/').split('?')[0]}/`})
      return void response.end()
    }
    const missing = site.get('404.html')
    if (missing) return serveFile(response, 404, '404.html', missing, true)
    if (site.size === 0 && isPage(name))
      return send(response, 503, waitingPage(options.waiting?.() ?? 'building'), '.html')
    return send(response, 404, 'Not found: the site has not been built yet')
  }

  const serveFile = (
    response: ServerResponse,
    status: number,
    name: string,
    file: SiteFile,
    missing = false
  ): void => {
    const extension = extname(name).toLowerCase()
    const headers = {
      'Content-Type': contentTypes[extension] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff'
    }
    if ('from' in file) {
      void serveIssueFile(response, status, headers, file)
      return
    }
    const body = 'body' in file ? file.body : recorded(file)
    if (body === undefined) return send(response, 503, keptChanged)
    response.writeHead(status, headers)
    response.end(extension === '.html' ? withClient(String(body), missing) : body)
  }
  return result
}

/**
 * Why a request is refused, if it is: a `Host` that is not the server's
 * local address (or one of `hosts`), or an `Origin` from another site.
 */
export function refuse(
  request: Pick<IncomingMessage, 'headers' | 'method'>,
  hosts: readonly string[]
): {status: number; reason: string} | undefined {
  const allowed = new Set(['127.0.0.1', 'localhost', '[::1]', ...hosts])
  const host = request.headers.host ?? ''
  const hostName = host.replace(/:\d+$/, '').toLowerCase()
  if (!allowed.has(hostName))
    return {
      status: 403,
      reason: `Forbidden: this server answers to 127.0.0.1 and localhost, not \`${host}\``
    }
  const origin = request.headers.origin
  if (origin !== undefined && origin !== `http://${host}`)
    return {status: 403, reason: `Forbidden: requests from \`${origin}\` are refused`}
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return {status: 405, reason: 'Method not allowed'}
  return undefined
}

/**
 * The site path a request URL names, without its leading `/`, or
 * `undefined` when it would leave the site (`..`, encoded or not),
 * cannot be decoded, or holds a backslash or NUL.
 */
export function sitePath(url: string): string | undefined {
  const raw = url.split(/[?#]/)[0] ?? ''
  if (!raw.startsWith('/')) return undefined
  let decoded: string
  try {
    decoded = decodeURIComponent(raw)
  } catch {
    return undefined
  }
  if (/[\\\0]/.test(decoded)) return undefined
  const segments = decoded.slice(1).split('/')
  if (segments.some((segment) => segment === '..' || segment === '.')) return undefined
  return decoded.slice(1).normalize('NFC')
}

function send(response: ServerResponse, status: number, text: string, extension = '.txt'): void {
  response.writeHead(status, {
    'Content-Type': contentTypes[extension] ?? 'text/plain',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff'
  })
  response.end(text)
}

const keptChanged =
  'This page changed in the output folder since the dev server took it from the last build: the site is being laid out again: reload the page in a moment'

function eventText(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

/**
 * The page, with the live-reload client. A page served for a missing
 * address reloads on every change, and its links are taken from the
 * site's root, where it lies, at whatever depth it is served.
 */
function withClient(html: string, missing: boolean): string {
  const tag = `<script src="${devPrefix}live.js"${missing ? ' data-missing' : ''} defer></script>`
  const page = html.includes('</head>') ? html.replace('</head>', `${tag}</head>`) : tag + html
  // The first base element counts: the page's own script adds one after it.
  return missing ? page.replace(/<head>/, '<head><base href="/">') : page
}

/** Whether a path names a page (an address ending in `/`, an `.html` file, no extension), not an asset. */
function isPage(name: string): boolean {
  return name.endsWith('.html') || !/\.[^/]*$/.test(name)
}

/**
 * What every page shows until the first good build: that it is under way,
 * or that it failed (the live-reload client shows the problems over it);
 * the page reloads by itself when the site is there.
 */
export function waitingPage(state: 'building' | 'failed'): string {
  const [title, text] =
    state === 'building'
      ? ['Building the site…', 'This page reloads by itself as soon as the first build is done.']
      : [
          'The first build failed',
          'Its problems are listed above and in the terminal. Fix them and save: this page reloads by itself when the site is built.'
        ]
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Bulletin</title><script src="${devPrefix}live.js" data-missing defer></script><style>body{font:1.125rem/1.5 system-ui,sans-serif;margin:0;padding:12rem 1.5rem 2rem;color:#1b1b1b;background:#fff}main{max-width:40rem;margin:0 auto}</style></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`
}

/**
 * A file's identity on disk (device, inode, size, time): an issue file is
 * served only while it is the file the last good build checked.
 */
export function fileIdentity(stats: {
  dev: number
  ino: number
  size: number
  mtimeMs: number
}): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`
}

/**
 * Send an issue file (an image, an attachment) only if it is still the file
 * the last good build checked: a file replaced since, by a symbolic link to
 * a file outside the content folder say, is not served until a build has
 * checked it.
 */
async function serveIssueFile(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  file: {from: string; identity: string}
): Promise<void> {
  const handle = await open(file.from).catch(() => undefined)
  if (!handle || fileIdentity(await handle.stat()) !== file.identity) {
    await handle?.close()
    return send(
      response,
      404,
      'Not found: this file changed since the last good build, which has not checked it yet'
    )
  }
  response.writeHead(status, headers)
  handle
    .createReadStream()
    .on('error', () => response.destroy())
    .pipe(response)
}
