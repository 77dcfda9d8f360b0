/**
 * The stage's writer: a thread that makes the stage's folders and files
 * while the build's own thread lays out the next pages. Each of the site's
 * files is a system call or three, which on a slow disk take longer than
 * laying the page out; on this thread they would wait in turn.
 */
import type {Worker} from 'node:worker_threads'
import type {StageJob} from './stage-jobs.ts'
import {moduleBeside} from './own-code.ts'
import {startWorker} from './workers.ts'

/** What the writer thread is sent: jobs, in order, or a barrier to answer once they are done. */
export type WriterMessage = {jobs: StageJob[]; bytes: number} | {barrier: number}

/** What it answers: a barrier passed, a message's bytes written, or the first job that failed. */
export type WriterReply = {barrier: number} | {written: number} | {failed: string; error: unknown}

/** Jobs sent to the thread at a time. */
const batch = 16

/**
 * Bytes sent and not yet written past which the layout waits, and below
 * which it goes on: on a slow disk the site would otherwise pile up in
 * memory on its way to the thread.
 */
const highWater = 32 * 1024 * 1024
const lowWater = 8 * 1024 * 1024

/** A writer thread for one stage. */
export interface StageWriter {
  /** Queue a job after those before it. */
  post(job: StageJob): void
  /** While too many bytes wait to be written, resolves once few enough do; else undefined. */
  room(): Promise<void> | undefined
  /** Resolves once every job queued before is done; rejects with the first that failed. */
  written(): Promise<void>
  /** Wait for every job, then end the thread; rejects with the first that failed. */
  close(): Promise<void>
}

/** Start a stage's writer thread. */
export function startStageWriter(): StageWriter {
  const worker: Worker = startWorker(moduleBeside('./stage-worker.ts', import.meta.url), undefined)
  let queued: StageJob[] = []
  let queuedBytes = 0
  let pending = 0
  // One wait for room at a time, whoever asks: the layout asks again only once it has passed.
  let room: Promise<void> | undefined
  let roomMade: (() => void) | undefined
  let barriers = 0
  const waiting = new Map<number, {done: () => void; fail: (error: Error) => void}>()
  let ended: Error | undefined
  const failAll = (error: Error): void => {
    ended ??= error
    for (const item of waiting.values()) item.fail(error)
    waiting.clear()
    // The layout goes on to its end, and the build fails at the next wait.
    roomMade?.()
  }
  worker.on('message', (reply: WriterReply) => {
    if ('written' in reply) {
      pending -= reply.written
      if (pending < lowWater) roomMade?.()
      return
    }
    if ('failed' in reply) {
      failAll(new Error(`Cannot write ${reply.failed} in the stage`, {cause: reply.error}))
      return
    }
    waiting.get(reply.barrier)?.done()
    waiting.delete(reply.barrier)
  })
  worker.on('error', (cause) => failAll(new Error('The stage writer failed', {cause})))
  worker.on('exit', (code) => failAll(new Error(`The stage writer stopped (exit code ${code})`)))
  const flush = (): void => {
    if (queued.length === 0) return
    worker.postMessage({jobs: queued, bytes: queuedBytes} satisfies WriterMessage)
    pending += queuedBytes
    queued = []
    queuedBytes = 0
  }
  const written = (): Promise<void> => {
    if (ended) return Promise.reject(ended)
    flush()
    const barrier = ++barriers
    return new Promise((done, fail) => {
      waiting.set(barrier, {done, fail})
      worker.postMessage({barrier} satisfies WriterMessage)
    })
  }
  return {
    post(job) {
      queued.push(job)
      if ('bytes' in job) queuedBytes += job.bytes.byteLength
      if (queued.length >= batch) flush()
    },
    room() {
      if (pending < highWater || ended) return undefined
      room ??= new Promise((done) => {
        roomMade = () => {
          room = undefined
          roomMade = undefined
          done()
        }
      })
      return room
    },
    written,
    async close() {
      try {
        await written()
      } finally {
        await worker.terminate()
      }
    }
  }
}
