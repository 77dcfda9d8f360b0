/**
 * The render stage on every core. Parsing Markdown is most of a cold
 * build, and one thread renders one file at a time: when a build has many
 * files to render, worker threads share them, a batch at a time, and the
 * results are applied in the files' order, so the site is the same bytes
 * whatever the number of threads.
 */
import {availableParallelism} from 'node:os'
import type {Worker} from 'node:worker_threads'
import type {VFile} from 'vfile'
import type {Archive, LinkTarget} from '../stages/archive.ts'
import type {Messages} from '../model/i18n.ts'
import {reviveMessages, type StoredMessage} from '../model/message.ts'
import {applyRender, createProcessors, renderIssue, type Rendering} from '../stages/render.ts'
import {setRenderInputs, type RenderPlace} from '../stages/render-step.ts'
import type {IssueMatter, Lang, SiteConfig, SourceInfo} from '../model/types.ts'
import {moduleBeside} from './own-code.ts'
import {startWorker} from './workers.ts'

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
  source: SourceInfo
  matter: IssueMatter
}

/** A worker's answer to a batch of jobs, in their order. */
export type RenderReply = (StoredRender | undefined)[]

type StoredRender = Omit<Rendering, 'messages'> & {messages: StoredMessage[]}

/** Options of {@link renderAll}. */
export interface RenderOptions {
  /** Threads to render on; the machine's cores by default. 1 renders here. */
  threads?: number
  /** Hears how many of the files to render are rendered, as they are. */
  progress?: (done: number, total: number) => void
  /** The files are the only ones whose inputs changed, and no link target did (see `setRenderInputs`). */
  only?: boolean
}

/**
 * Render the issue files (see `render.ts`) as steps of the store: a file
 * whose rendering holds is not rendered again. When many must be, worker
 * threads render them ahead, and each step takes its own.
 */
export async function renderAll(
  files: readonly VFile[],
  archive: Archive,
  messages: Readonly<Partial<Record<Lang, Messages>>>,
  place: RenderPlace,
  options: RenderOptions = {}
): Promise<void> {
  const {store, step} = place
  const processors = createProcessors(archive, messages)
  const sources = new Map<string, SourceInfo>()
  for (const file of files) if (file.data.source) sources.set(file.path, file.data.source)
  setRenderInputs(store, archive, processors, sources, options.only)
  const todo: RenderJob[] = []
  for (const file of files) {
    const {source, matter} = file.data
    if (source && matter && !store.holds(step, file.path))
      todo.push({path: file.path, source, matter})
  }
  const ahead = new Map<string, Rendering>()
  place.environment.current = {processors, archive, ahead}
  try {
    const threads = Math.min(
      options.threads ?? availableParallelism(),
      Math.ceil(todo.length / batch)
    )
    if (threads > 1 && todo.length >= threadMinimum) {
      const here = (job: RenderJob): Rendering | undefined => {
        const language = processors[job.source.lang]
        return language && renderIssue(job.path, job.matter, job.source, language.processor)
      }
      const rendered = await renderInThreads(
        todo,
        {config: archive.config, messages, targets: [...archive.targets]},
        {threads, here, count: counter(todo.length, options.progress)}
      )
      for (const [index, job] of todo.entries()) {
        const made = rendered[index]
        if (made) ahead.set(job.path, made)
      }
    }
    // Rendered by the steps themselves when none were rendered ahead: counted as they are.
    const bySteps = ahead.size === 0 ? new Set(todo.map((job) => job.path)) : new Set<string>()
    let done = 0
    for (const file of files) {
      const made = file.data.matter ? store.get(step, file.path) : undefined
      if (bySteps.has(file.path)) options.progress?.(++done, todo.length)
      if (made) applyRender(file, made, store.fingerprintOf(step, file.path) ?? '')
    }
  } finally {
    delete place.environment.current
  }
}

function counter(total: number, progress: RenderOptions['progress']): (rendered: number) => void {
  let done = 0
  return (rendered) => {
    done += rendered
    progress?.(done, total)
  }
}

/** How {@link renderInThreads} shares the work: threads, this thread's renderer, and a count of what is done. */
interface ThreadPlan {
  threads: number
  here: (job: RenderJob) => Rendering | undefined
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
): Promise<(Rendering | undefined)[]> {
  const results: (Rendering | undefined)[] = []
  let next = 0
  const take = (): {start: number; jobs: RenderJob[]} => {
    const start = next
    next += batch
    return {start, jobs: todo.slice(start, next)}
  }
  const inWorker = async (): Promise<void> => {
    const worker = startWorker(moduleBeside('./render-worker.ts', import.meta.url), setup)
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
        const job = todo[index]
        results[index] = job && here(job)
        count(1)
        // Let the workers' replies in, and hand them their next batch, without delay.
        await new Promise((done) => setImmediate(done))
      }
    }
  }
  await Promise.all([...Array.from({length: threads - 1}, inWorker), inThisThread()])
  return results
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
