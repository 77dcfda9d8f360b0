/**
 * The render stage on every core. Parsing Markdown is most of a cold
 * build, and one thread renders one file at a time: when a build has many
 * files to render, worker threads share them, a batch at a time, and the
 * results are applied in the files' order, so the site is the same bytes
 * whatever the number of threads.
 */
import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'
import type {VFile} from 'vfile'
import type {Archive, LinkTarget} from '../stages/archive.ts'
import type {Messages} from '../model/i18n.ts'
import {reviveMessages, type StoredMessage} from '../model/message.ts'
import {applyRender, createProcessors, keyOf, renderFile} from '../stages/render.ts'
import {cachedRender, type CachedRender, type RenderCache, type RenderKeys} from './render-cache.ts'
import type {IssueMatter, Lang, SiteConfig, SourceInfo} from '../model/types.ts'
import {fromSources, moduleBeside} from './own-code.ts'

/** Below this many files to render, starting threads costs more than it saves. */
export const threadMinimum = 128
/** Files sent to a worker at a time: small enough to keep every worker busy to the end. */
const batch = 24

/** What a worker is started with. */
export interface WorkerSetup {
  config: SiteConfig
  messages: Partial<Record<Lang, Messages>>
  targets: [string, LinkTarget][]
}

/** An issue file to render, as plain data. */
export interface RenderJob {
  path: string
  value: string
  source: SourceInfo
  matter: IssueMatter
  key: string
}

/** A worker's answer to a batch of jobs, in their order. */
export type RenderReply = (StoredRender | undefined)[]

type StoredRender = Omit<CachedRender, 'messages'> & {messages: StoredMessage[]}

/** Options of {@link renderAll}. */
export interface RenderOptions {
  /** Renderings of the last build, reused where they hold; updated with this build's. */
  cache?: RenderCache
  /** Threads to render on; the machine's cores by default. 1 renders here. */
  threads?: number
  /** The render keys of the previous build of the same process, updated to this one's. */
  keys?: RenderKeys
  /** Hears how many of the files to render are rendered, as they are. */
  progress?: (done: number, total: number) => void
}

/**
 * Render the issue files (see `render.ts`), reusing what the cache holds,
 * on worker threads when there are enough to render.
 */
export async function renderAll(
  files: readonly VFile[],
  archive: Archive,
  messages: Readonly<Partial<Record<Lang, Messages>>>,
  options: RenderOptions = {}
): Promise<void> {
  const {cache} = options
  const processors = createProcessors(archive, messages)
  const entries = new Map<VFile, CachedRender | undefined>()
  const todo: {file: VFile; job: RenderJob}[] = []
  const targets = new Map<string, string>()
  for (const file of files) {
    const key = keyOf(file, processors, options.keys)
    const {source, matter} = file.data
    if (key === undefined || !source || !matter) continue
    const cached = cachedRender(cache, file, key, archive, targets)
    entries.set(file, cached)
    if (!cached)
      todo.push({file, job: {path: file.path, value: String(file.value), source, matter, key}})
  }

  const threads = Math.min(
    options.threads ?? availableParallelism(),
    Math.ceil(todo.length / batch)
  )
  if (threads > 1 && todo.length >= threadMinimum) {
    let done = 0
    const count = (rendered: number): void => {
      done += rendered
      options.progress?.(done, todo.length)
    }
    const here = (index: number): CachedRender | undefined => {
      const item = todo[index]
      count(1)
      return item && renderFile(item.file, item.job.key, processors, archive)
    }
    const rendered = await renderInThreads(
      todo.map(({job}) => job),
      {config: archive.config, messages, targets: [...archive.targets]},
      {threads, here, count}
    )
    for (const [index, {file}] of todo.entries()) entries.set(file, rendered[index])
  } else {
    for (const [index, {file, job}] of todo.entries()) {
      entries.set(file, renderFile(file, job.key, processors, archive))
      options.progress?.(index + 1, todo.length)
    }
  }

  for (const [file, entry] of entries) {
    if (!entry) continue
    applyRender(file, entry)
    cache?.set(file.path, entry)
  }
}

/** How {@link renderInThreads} shares the work: threads, this thread's renderer, and a count of what is done. */
interface ThreadPlan {
  threads: number
  here: (index: number) => CachedRender | undefined
  count: (rendered: number) => void
}

/**
 * Render `todo` on this thread and `threads - 1` workers, a batch at a
 * time each; the renderings in its order. This thread renders too: it
 * would otherwise only wait.
 */
async function renderInThreads(
  todo: readonly RenderJob[],
  setup: WorkerSetup,
  {threads, here, count}: ThreadPlan
): Promise<(CachedRender | undefined)[]> {
  const results: (CachedRender | undefined)[] = []
  let next = 0
  const take = (): {start: number; jobs: RenderJob[]} => {
    const start = next
    next += batch
    return {start, jobs: todo.slice(start, next)}
  }
  const inWorker = async (): Promise<void> => {
    const worker = startWorker(setup)
    try {
      while (next < todo.length) {
        const {start, jobs} = take()
        const reply = await ask(worker, jobs)
        count(jobs.length)
        for (const [index, stored] of reply.entries()) {
          results[start + index] = stored && {
            ...stored,
            messages: reviveMessages(jobs[index]?.path ?? '', stored.messages)
          }
        }
      }
    } finally {
      await worker.terminate()
    }
  }
  const inThisThread = async (): Promise<void> => {
    while (next < todo.length) {
      const {start, jobs} = take()
      for (let index = start; index < start + jobs.length; index++) {
        results[index] = here(index)
        // Let the workers' replies in, and hand them their next batch, without delay.
        await new Promise((done) => setImmediate(done))
      }
    }
  }
  await Promise.all([...Array.from({length: threads - 1}, inWorker), inThisThread()])
  return results
}

/**
 * A worker running `render-worker.ts`, in the form this module runs in:
 * from the TypeScript sources, the worker registers tsx before loading it,
 * whoever started this process (the command line, the tests).
 */
function startWorker(setup: WorkerSetup): Worker {
  const entry = moduleBeside('./render-worker.ts', import.meta.url)
  if (!fromSources) return new Worker(entry, {workerData: setup})
  const tsx = import.meta.resolve('tsx/esm/api')
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}) })`
  return new Worker(code, {eval: true, workerData: setup})
}

/** Send a batch to a worker and wait for its reply. */
function ask(worker: Worker, jobs: RenderJob[]): Promise<RenderReply> {
  return new Promise((done, fail) => {
    const cleanUp = (): void => {
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
    }
    const onMessage = (reply: RenderReply): void => {
      cleanUp()
      done(reply)
    }
    const onError = (error: Error): void => {
      cleanUp()
      fail(
        new Error(`A render worker failed on ${jobs[0]?.path ?? 'nothing'} or the files after it`, {
          cause: error
        })
      )
    }
    const onExit = (code: number): void => {
      cleanUp()
      fail(
        new Error(
          `A render worker stopped (exit code ${code}) on ${jobs[0]?.path ?? 'nothing'} or the files after it`
        )
      )
    }
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
    worker.postMessage(jobs)
  })
}
