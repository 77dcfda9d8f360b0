/**
 * `bulletin dev [--content DIR] [--port N] [--host ADDRESS] [--layouts DIR]
 * [--open]`: the live preview for writers.
 */
import {spawn} from 'node:child_process'
import {startDev, type DevEvent} from '../dev/server.ts'
import {parseOptions, UsageError} from './usage.ts'

/** Usage of the dev command. */
export const devUsage = `Usage: bulletin dev [options]

Build the site, serve it at http://127.0.0.1:PORT/ and rebuild it at every
save in the content folder or the layouts. Open pages reload by themselves;
problems show in the page and here. Drafts are shown.

Options:
  --content DIR     content folder, with site.yml and issues/ (default: content)
  --port N          port to listen on (default: 4000, or the next free one;
                    a port given here must be free; 0 picks any free one)
  --host ADDRESS    address to listen on (default: 127.0.0.1). Anything else
                    shows your drafts to the network: use with care
  --layouts DIR     theme folder for the stylesheet, script, icon and messages
                    (default: Bulletin's layouts/)
  --open            open the preview in the browser
  --help            show this help

Stop with Ctrl+C (or SIGTERM): the server and its builder stop and free the port.
`

/** The default port, and the next ones tried when it is busy. */
const defaultPort = 4000

/** How often to look whether the process that started this one is gone. */
const parentCheck = 1000

/** Run the dev server until interrupted; returns the exit code. */
export async function runDev(args: string[], cwd: string): Promise<number> {
  const {values} = parseOptions({
    args,
    options: {
      content: {type: 'string', default: 'content'},
      port: {type: 'string'},
      host: {type: 'string', default: '127.0.0.1'},
      layouts: {type: 'string'},
      open: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false}
    },
    allowPositionals: false
  })
  if (values.help) {
    process.stdout.write(devUsage)
    return 0
  }
  const port = values.port === undefined ? defaultPort : Number(values.port)
  if (values.port !== undefined && (!/^\d+$/.test(values.port) || port > 65535))
    throw new UsageError(`--port: expected a port number, such as 4000, not \`${values.port}\``)
  if (!['127.0.0.1', 'localhost', '::1'].includes(values.host)) {
    process.stderr.write(
      `Warning: listening on ${values.host}, not only on this computer: anyone who can reach it sees the preview, drafts included.\n`
    )
  }

  const server = await startDev(
    {
      content: values.content,
      cwd,
      host: values.host,
      port,
      nextFreePort: values.port === undefined,
      ...(values.layouts === undefined ? {} : {layouts: values.layouts})
    },
    print
  )
  process.stdout.write(`Serving ${values.content} at ${server.url} (Ctrl+C to stop)\n`)
  if (values.open) openBrowser(server.url)
  const reason = await stopSignal(server.stopped)
  process.stderr.write(`Stopping (${reason})\n`)
  await server.close()
  return 0
}

/**
 * What stops the server: SIGINT (Ctrl+C), SIGTERM or SIGHUP to this process
 * or to its builder, or the process that started this one going away (its
 * terminal closed, a killed script), which would leave the port held.
 */
async function stopSignal(builderStopped: Promise<NodeJS.Signals>): Promise<string> {
  const parent = process.ppid
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
  let timer: NodeJS.Timeout | undefined
  let heard: (reason: string) => void = () => undefined
  const handlers = signals.map((signal) => [signal, () => heard(signal)] as const)
  try {
    return await new Promise<string>((done) => {
      heard = done
      for (const [signal, handler] of handlers) process.once(signal, handler)
      void builderStopped.then((signal) => done(`the builder got ${signal}`))
      timer = setInterval(() => {
        if (process.ppid !== parent) done('the process that started it is gone')
      }, parentCheck)
    })
  } finally {
    clearInterval(timer)
    for (const [signal, handler] of handlers) process.off(signal, handler)
  }
}

/** Open `url` in the desktop's browser; a machine without one says so and goes on. */
function openBrowser(url: string): void {
  const [command, ...args] =
    process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['cmd', '/c', 'start', '""', url]
        : ['xdg-open', url]
  const child = spawn(command!, args, {stdio: 'ignore', detached: true})
  child.on('error', () =>
    process.stderr.write(`Cannot open a browser (${command} is missing): open ${url} yourself\n`)
  )
  child.unref()
}

function print(event: DevEvent): void {
  const time = (milliseconds: number): string => `${Math.round(milliseconds)} ms`
  if (event.type === 'built') {
    if (event.report) process.stderr.write(event.report)
    const cause =
      event.trigger === undefined
        ? 'first build'
        : event.trigger === 'burst'
          ? 'after a burst of changes'
          : `after ${event.trigger.path}${event.trigger.more > 0 ? ` and ${event.trigger.more} more` : ''}`
    if (event.ok)
      process.stdout.write(
        `Built in ${time(event.milliseconds)} (${cause}): ${event.changed} ${event.changed === 1 ? 'file' : 'files'} changed${event.kept ? `, ${event.kept} of them as the last build left them` : ''}\n`
      )
    else
      process.stderr.write(
        `Build failed in ${time(event.milliseconds)} (${cause}): still serving the last good site\n`
      )
  } else if (event.type === 'search') {
    if (event.report) process.stderr.write(event.report)
    process.stdout.write(`Search index refreshed in ${time(event.milliseconds)}\n`)
  } else if (event.type === 'watch-problem') {
    process.stderr.write(`${event.message}\n`)
  } else {
    process.stderr.write(
      `The builder stopped (${event.signal ?? `exit code ${event.code ?? 'none'}`})${event.signal ? '' : ': save again to retry'}\n`
    )
  }
}
