/**
 * `bulletin dev`: build once, serve the site on the local address, watch the
 * content and the layouts, and rebuild on every change: one build at a
 * time, changes coalesced, the last save wins. Builds run in a child
 * process (`builder.ts`), so the server keeps answering during a build
 * and a change of the layouts' code gets fresh modules.
 */
import {fork, type ChildProcess} from 'node:child_process'
import {readFile} from 'node:fs/promises'
import type {AddressInfo} from 'node:net'
import {basename, relative, resolve, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import {watch} from 'chokidar'
import type {BuildOptions} from '../engine/build.ts'
import {defaultCacheFolder} from '../engine/cache.ts'
import type {BuilderReply, SiteFile} from './builder.ts'
import type {Problem} from '../model/report.ts'
import {defaultLayouts} from '../stages/load.ts'
import {createSiteServer} from './serve.ts'
import {allowedHosts, listen} from './addresses.ts'
import {watchRoots, type WatchedRoots} from './watch-roots.ts'
import {loaderArguments, moduleBeside} from '../engine/own-code.ts'

/** Options of the dev server. Paths may be relative to `cwd`. */
export interface DevOptions {
  content: string
  cwd: string
  layouts?: string
  /** Address to listen on: `127.0.0.1` unless told otherwise. */
  host: string
  /** Port; 0 picks a free one. */
  port: number
  /** When the port is busy, listen on the next free one (up to 20 further) instead of failing. */
  nextFreePort?: boolean
}

/** What the dev server tells its user. */
export type DevEvent =
  | {
      type: 'built'
      ok: boolean
      report: string
      changed: number
      /** Files taken from the last `bulletin build`'s site (on the first build). */
      kept?: number
      /** The changed file that started this build and how many more it took in, or a burst; none for the first. */
      trigger?: Trigger
      milliseconds: number
    }
  | {type: 'search'; report: string; milliseconds: number}
  | {type: 'builder-stopped'; code: number | null; signal: NodeJS.Signals | null}
  | {type: 'watch-problem'; message: string}

/** A running dev server. */
export interface DevServer {
  url: string
  /** Resolves after the first build. */
  ready: Promise<void>
  /** Resolves with the signal when the builder was stopped by one: the whole server should stop. */
  stopped: Promise<NodeJS.Signals>
  close: () => Promise<void>
}

/**
 * How long to wait after the last event before building: a save or a `git
 * pull` is often several events. chokidar drops a file's change events for
 * 50 ms after the one it reports, so a build must not read the files
 * sooner than that after the last event, or a save could go unseen.
 */
const settle = 60

/** More changed paths than this between two builds is a burst: the build looks at every file. */
const burst = 500

/** Start the dev server. `onEvent` hears what happens, for the command line to print. */
export async function startDev(
  options: DevOptions,
  onEvent: (event: DevEvent) => void
): Promise<DevServer> {
  const content = resolve(options.cwd, options.content)
  const layouts = resolve(options.cwd, options.layouts ?? defaultLayouts)
  const buildOptions: BuildOptions = {
    content,
    out: resolve(options.cwd, 'dist'),
    cwd: options.cwd,
    layouts,
    drafts: true,
    search: true,
    cache: defaultCacheFolder
  }
  const client = await readFile(new URL('./client.js', import.meta.url), 'utf8')

  const site = new Map<string, SiteFile>()
  let waiting: 'building' | 'failed' = 'building'
  const served = createSiteServer({
    site: () => site,
    client,
    hosts: allowedHosts(options.host),
    waiting: () => waiting,
    kept: () => askRelayout()
  })
  // A file kept from the last build changed in the output folder: one build lays out everything.
  const askRelayout = (): void => {
    if (relayout !== undefined) return
    relayout = 'asked'
    schedule(content, true)
  }

  let builder: ChildProcess | undefined
  let building = false
  let pending = false
  let restart = false
  let relayout: 'asked' | 'sent' | undefined
  let requests = 0
  // Paths the watcher saw since the last request; undefined when every file must be looked at.
  let paths: Set<string> | undefined = new Set()
  // Paths of a build started at the first event, read again once the events have settled.
  let recheck: Set<string> | undefined = new Set<string>()
  let rechecking = false
  let timer: NodeJS.Timeout | undefined
  let lastEvent = 0
  let firstBuild: () => void = () => undefined
  const ready = new Promise<void>((done) => {
    firstBuild = done
  })
  let stopBy: (signal: NodeJS.Signals) => void = () => undefined
  const stopped = new Promise<NodeJS.Signals>((done) => {
    stopBy = done
  })
  // What the build under way was asked for, to say what started it.
  let trigger: Trigger | undefined

  const apply = (changed: Record<string, SiteFile>, removed: readonly string[]): void => {
    for (const path of removed) site.delete(path)
    for (const [path, file] of Object.entries(changed)) site.set(path, file)
  }

  const startBuilder = (): ChildProcess => {
    const child = fork(
      fileURLToPath(moduleBeside('./builder.ts', import.meta.url)),
      [JSON.stringify(buildOptions)],
      {
        execArgv: loaderArguments(),
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc']
      }
    )
    child.on('message', (reply: BuilderReply) => receive(reply))
    child.on('exit', (code, signal) => {
      if (builder !== child) return
      builder = undefined
      building = false
      if (waiting === 'building') waiting = 'failed'
      onEvent({type: 'builder-stopped', code, signal})
      // Stopped as a user stops a program: the dev server stops with it.
      if (signal === 'SIGTERM' || signal === 'SIGINT' || signal === 'SIGHUP') stopBy(signal)
      const problems: Problem[] = [
        {
          place: 'bulletin',
          severity: 'error',
          message: 'The build stopped on a system error (see the terminal); save again to retry',
          rule: 'system-error'
        }
      ]
      served.greeting = {event: 'problems', data: {problems}}
      served.broadcast('problems', {problems})
      firstBuild()
    })
    return child
  }

  const receive = (reply: BuilderReply): void => {
    if (reply.type === 'relayout') return askRelayout()
    if (reply.type === 'search') {
      apply(reply.changed, reply.removed)
      onEvent({type: 'search', report: reply.report, milliseconds: reply.milliseconds})
      return
    }
    apply(reply.changed, reply.removed)
    const pages = Object.keys(reply.changed)
      .concat(reply.removed)
      .filter((path) => path.endsWith('.html'))
      .map((path) => `/${path.replace(/index\.html$/, '')}`)
    served.greeting = {event: 'problems', data: {problems: reply.problems}}
    served.broadcast('problems', {problems: reply.problems})
    if (pages.length > 0) served.broadcast('reload', {paths: pages})
    const count = Object.keys(reply.changed).length + reply.removed.length
    // A second look that found nothing new is not news.
    if (!(rechecking && reply.ok && count === 0))
      onEvent({
        type: 'built',
        ok: reply.ok,
        report: reply.report,
        changed: count,
        ...(reply.kept === undefined ? {} : {kept: reply.kept}),
        ...(trigger ? {trigger} : {}),
        milliseconds: reply.milliseconds
      })
    if (!reply.ok && site.size === 0) waiting = 'failed'
    if (relayout === 'sent') relayout = undefined
    building = false
    firstBuild()
    if (pending) {
      clearTimeout(timer)
      timer = setTimeout(run, Math.max(0, lastEvent + settle - performance.now()))
    }
  }

  const run = (): void => {
    if (building) {
      pending = true
      return
    }
    pending = false
    if (restart && builder) {
      const old = builder
      builder = undefined
      old.kill()
    }
    restart = false
    builder ??= startBuilder()
    building = true
    const settled = performance.now() - lastEvent >= settle - 1
    const again = settled ? recheck : new Set<string>()
    rechecking = settled && paths?.size === 0 && (again === undefined || again.size > 0)
    const asked =
      paths === undefined || again === undefined ? undefined : new Set([...paths, ...again])
    recheck = settled ? new Set() : asked && new Set(asked)
    trigger = triggerOf(asked, options.cwd)
    paths = new Set()
    builder.send({
      type: 'build',
      id: ++requests,
      ...(asked ? {paths: [...asked]} : {}),
      ...(relayout === 'asked' ? {relayout: true} : {})
    })
    if (relayout === 'asked') relayout = 'sent'
  }

  /**
   * A change: the first after a quiet spell is built at once, so that a save
   * reaches the page without waiting; once the events have settled, the
   * paths are read again, as chokidar drops a file's events for 50 ms after
   * the one it reports. A burst (a `git pull`) is one look at every file.
   */
  const schedule = (path: string, everything = false): void => {
    // The layouts' code is loaded once by a process: a change needs a new one.
    if (path.startsWith(layouts + sep) && /\.[cm]?[jt]s$/.test(path)) restart = true
    if (everything || (paths && paths.size >= burst)) paths = undefined
    else paths?.add(path)
    const quiet = performance.now() - lastEvent >= settle
    lastEvent = performance.now()
    clearTimeout(timer)
    if (quiet && !building) run()
    timer = setTimeout(run, settle)
  }

  let roots: WatchedRoots = {gone: () => undefined, stop: () => undefined}
  const watcher = watch([content, layouts], {
    ignoreInitial: true,
    ignored: (path) => basename(path).startsWith('.')
  })
  watcher.on('all', (event, path) => {
    if (event === 'unlinkDir') roots.gone(path)
    schedule(path)
  })
  // Too many open files, a folder that cannot be read: said, and the watch goes on.
  watcher.on('error', (error) => {
    onEvent({
      type: 'watch-problem',
      message: `Watching the files: ${error instanceof Error ? error.message : String(error)}`
    })
    // What the watcher could not look at changed: the build reads it and says what is wrong.
    schedule(content, true)
  })
  await new Promise<void>((done) => watcher.once('ready', () => done()))
  roots = watchRoots(watcher, [content, layouts], (root) => {
    onEvent({type: 'watch-problem', message: `${root} is back: watching it again`})
    schedule(root, true)
  })

  try {
    await listen(served.server, options)
  } catch (error) {
    void watcher.close()
    throw error
  }
  const address = served.server.address() as AddressInfo
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address
  run()

  return {
    url: `http://${hostInUrl}:${address.port}/`,
    ready,
    stopped,
    close: async () => {
      clearTimeout(timer)
      roots.stop()
      await watcher.close()
      builder?.kill()
      builder = undefined
      served.server.closeAllConnections()
      await new Promise<void>((done) => served.server.close(() => done()))
    }
  }
}

/** What started a build: a changed file and how many more came with it, or a burst of changes. */
export type Trigger = {path: string; more: number} | 'burst'

/** The trigger of a build asked for `paths` (undefined: every file); none for the first build. */
function triggerOf(paths: ReadonlySet<string> | undefined, cwd: string): Trigger | undefined {
  if (paths === undefined) return 'burst'
  const [first] = paths
  return first === undefined
    ? undefined
    : {path: relative(cwd, first) || first, more: paths.size - 1}
}
