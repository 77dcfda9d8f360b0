/**
 * A static file server for tests, serving a built site under a sub-path as
 * an intranet host would, with `404.html` for missing pages, on loopback.
 */
import {readFile, stat} from 'node:fs/promises'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {extname, join, normalize, sep} from 'node:path'
import {contentTypes as types} from '../../src/dev/serve.ts'

/** A running server, its site address and how to stop it. */
export interface StaticServer {
  /** Address of the site, ending in `/`, e.g. `http://127.0.0.1:4321/intranet/bulletin/`. */
  url: string
  close(): Promise<void>
}

/** Serve `root` at `http://127.0.0.1:<port><prefix>`; `headers` are added to every response. */
export async function serve(
  root: string,
  prefix: string,
  headers: Record<string, string> = {}
): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
      let file: string | undefined
      if (path.startsWith(prefix)) {
        const candidate = normalize(join(root, path.slice(prefix.length)))
        if (candidate === root || candidate.startsWith(root + sep)) {
          const stats = await stat(candidate).catch(() => undefined)
          if (stats?.isFile()) file = candidate
          else if (stats?.isDirectory() && path.endsWith('/')) file = join(candidate, 'index.html')
        }
      }
      const found = file === undefined ? undefined : await readFile(file).catch(() => undefined)
      if (found === undefined || file === undefined) {
        response.writeHead(404, {'content-type': types['.html'], ...headers})
        response.end(await readFile(join(root, '404.html')).catch(() => 'Not found'))
        return
      }
      response.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        ...headers
      })
      response.end(found)
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
  }
}
