/**
 * Drive `npm run dev` as a writer would: the command in a child process,
 * its live-reload channel read as a browser reads it.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {request} from 'node:http'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {fixtureCopy} from './site.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const tsx = import.meta.resolve('tsx')

/** One server-sent event. */
export interface SentEvent {
  event: string
  data: unknown
}

/** A running dev server, what it printed and the events it sent. */
export interface DevProcess {
  url: string
  /** The dev server's process id. */
  pid: number
  /** Resolves with the exit code (or signal) when the process exits. */
  exited: Promise<number | string | null>
  output: () => string
  events: SentEvent[]
  /** Wait for an event after the `since`-th that `test` accepts. */
  waitForEvent: (test: (event: SentEvent) => boolean, since?: number) => Promise<SentEvent>
  stop: () => Promise<void>
}

/** Start `bulletin dev` on `content` with a free port (or `port`; null: the default), and listen to its events. */
export async function startDev(
  content: string,
  cwd: string,
  extra: string[] = [],
  port: string | null = '0',
  env: Record<string, string> = {}
): Promise<DevProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      tsx,
      join(root, 'src', 'cli', 'main.ts'),
      'dev',
      '--content',
      content,
      ...(port === null ? [] : ['--port', port]),
      ...extra
    ],
    {cwd, stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...env}}
  )
  const exited = new Promise<number | string | null>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal))
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = await until(
    () => /at (http:\/\/\S+\/) /.exec(output)?.[1],
    () => output,
    child
  )

  const events: SentEvent[] = []
  const waiting = new Set<() => void>()
  const stream = request(`${url}_bulletin/events`, (response) => {
    let buffer = ''
    response.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      let end
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const event = /^event: (.*)$/m.exec(block)?.[1]
        const data = /^data: (.*)$/m.exec(block)?.[1]
        if (event !== undefined && data !== undefined) events.push({event, data: JSON.parse(data)})
        for (const wake of waiting) wake()
      }
    })
  })
  stream.on('error', () => undefined)
  stream.end()

  return {
    url,
    pid: child.pid ?? 0,
    exited,
    output: () => output,
    events,
    waitForEvent: (test, since = 0) =>
      new Promise((done, fail) => {
        const timeout = setTimeout(
          () =>
            fail(new Error(`No such event; got ${JSON.stringify(events.slice(since))}\n${output}`)),
          15_000
        )
        const check = (): void => {
          const found = events.slice(since).find(test)
          if (!found) return
          clearTimeout(timeout)
          waiting.delete(check)
          done(found)
        }
        waiting.add(check)
        check()
      }),
    stop: async () => {
      stream.destroy()
      if (child.exitCode !== null) return
      const exited = new Promise((done) => child.once('exit', done))
      child.kill('SIGINT')
      await exited
    }
  }
}

async function until<T>(
  value: () => T | undefined,
  output: () => string,
  child: ChildProcess
): Promise<T> {
  for (let tries = 0; tries < 300; tries++) {
    const found = value()
    if (found !== undefined) return found
    if (child.exitCode !== null) break
    await new Promise((done) => setTimeout(done, 50))
  }
  throw new Error(`The dev server did not start:\n${output()}`)
}

/** A temporary folder with a copy of a fixture site's `content/`, and `npm run dev` serving it after its first build. */
export async function startDevOnFixture(
  fixture: string
): Promise<{path: string; content: string; dev: DevProcess; remove: () => Promise<void>}> {
  const folder = await fixtureCopy(fixture)
  const dev = await startDev('content', folder.path)
  await dev.waitForEvent((event) => event.event === 'problems')
  return {
    ...folder,
    dev,
    remove: async () => {
      await dev.stop()
      await folder.remove()
    }
  }
}
