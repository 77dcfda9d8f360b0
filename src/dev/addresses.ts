/**
 * Where the dev server listens and to which names it answers: the next
 * free port when the default one is busy, and the host names that are safe
 * to answer to (see `refuse` in `serve.ts`).
 */
import type {Server} from 'node:http'
import {isIP} from 'node:net'
import {networkInterfaces} from 'node:os'

/** Where to listen. */
export interface ListenOptions {
  host: string
  /** 0 picks a free one. */
  port: number
  /** When the port is busy, take the next free one (up to 20 further). */
  nextFreePort?: boolean
}

/** Ports tried after a busy one, when the port was not chosen by the user. */
const portsToTry = 20

/** Listen on the options' port or, when it is busy and may be, on the next free one. */
export async function listen(server: Server, options: ListenOptions): Promise<void> {
  const tries = options.nextFreePort && options.port !== 0 ? portsToTry + 1 : 1
  for (let attempt = 0; ; attempt++) {
    const port = options.port + attempt
    try {
      await new Promise<void>((done, fail) => {
        server.once('error', fail)
        server.listen(port, options.host, () => {
          server.off('error', fail)
          done()
        })
      })
      return
    } catch (error) {
      const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
      if (busy && attempt + 1 < tries && port < 65535) continue
      const what = tries > 1 ? `ports ${options.port} to ${port}` : `port ${port}`
      throw new Error(
        busy
          ? `Cannot listen on ${options.host} ${what}: another server is there. Choose another with --port`
          : `Cannot listen on ${options.host} port ${port}`,
        {cause: error}
      )
    }
  }
}

/**
 * The names the server answers to: the local ones (always), and with
 * another `host`, that name and the IP addresses of this machine's
 * interfaces. DNS rebinding needs a name of the attacker's, so an address
 * written as an IP literal is safe; any other name is still refused.
 */
export function allowedHosts(
  host: string,
  interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces()
): string[] {
  if (['127.0.0.1', 'localhost', '::1'].includes(host)) return []
  const addresses = Object.values(interfaces)
    .flatMap((entries) => entries ?? [])
    .map((entry) => (entry.family === 'IPv6' ? `[${entry.address}]` : entry.address))
  const named = isIP(host) === 6 ? `[${host}]` : host.toLowerCase()
  return [...new Set([named, ...addresses])]
}
