/**
 * `bulletin dev [--content DIR] [--port N] [--host ADDRESS]`: the live
 * preview for writers.
 */
import {startDev, type DevEvent} from '../dev/server.ts'
import {UsageError, parseOptions} from './usage.ts'

/** Usage of the dev command. */
export const devUsage = `Usage: bulletin dev [options]

Build the site, serve it at http://127.0.0.1:PORT/ and rebuild it at every
save in the content folder or the layouts. Open pages reload by themselves;
problems show in the page and here. Drafts are shown.

Options:
  --content DIR     content folder, with site.yml and issues/ (default: content)
  --port N          port to listen on (default: 4000; 0 picks a free one)
  --host ADDRESS    address to listen on (default: 127.0.0.1). Anything else
                    shows your drafts to the network: use with care
  --help            show this help

Stop with Ctrl+C.
`

/** Run the dev server until interrupted; returns the exit code. */
export async function runDev(args: string[], cwd: string): Promise<number> {
  const {values} = parseOptions({
    args,
    options: {
      content: {type: 'string', default: 'content'},
      port: {type: 'string', default: '4000'},
      host: {type: 'string', default: '127.0.0.1'},
      help: {type: 'boolean', short: 'h', default: false}
    },
    strict: true,
    allowPositionals: false
  })
  if (values.help) {
    process.stdout.write(devUsage)
    return 0
  }
  const port = Number(values.port)
  if (!/^\d+$/.test(values.port) || port > 65535)
    throw new UsageError(`--port: expected a port number, such as 4000, not \`${values.port}\``)
  if (!['127.0.0.1', 'localhost', '::1'].includes(values.host)) {
    process.stderr.write(
      `Warning: listening on ${values.host}, not only on this computer: anyone who can reach it sees the preview, drafts included.\n`
    )
  }

  const server = await startDev({content: values.content, cwd, host: values.host, port}, print)
  process.stdout.write(`Serving ${values.content} at ${server.url} (Ctrl+C to stop)\n`)
  await server.ready
  await new Promise<void>((done) => {
    process.once('SIGINT', done)
    process.once('SIGTERM', done)
  })
  await server.close()
  return 0
}

function print(event: DevEvent): void {
  const time = (milliseconds: number): string => `${Math.round(milliseconds)} ms`
  if (event.type === 'built') {
    if (event.report) process.stderr.write(event.report)
    if (event.ok)
      process.stdout.write(
        `Built in ${time(event.milliseconds)}: ${event.changed} ${event.changed === 1 ? 'file' : 'files'} changed${event.kept ? `, ${event.kept} of them as the last build left them` : ''}\n`
      )
    else process.stderr.write('Build failed: still serving the last good site\n')
  } else if (event.type === 'search') {
    if (event.report) process.stderr.write(event.report)
    process.stdout.write(`Search index refreshed in ${time(event.milliseconds)}\n`)
  } else if (event.type === 'watch-problem') {
    process.stderr.write(`${event.message}\n`)
  } else {
    process.stderr.write(
      `The builder stopped (exit code ${event.code ?? 'none'}): save again to retry\n`
    )
  }
}
