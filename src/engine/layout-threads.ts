/**
 * The layout on every core. Serializing a page (its tree through the
 * serializer's plugins, then HTML) is most of laying it out: when a build
 * lays out many pages, worker threads serialize most of the trees this
 * thread makes, while it makes the next ones and serializes a small share.
 * Each template step takes the template made from its very tree (see
 * `page-kind.ts`), so the site is the same bytes whatever the number of
 * threads.
 */
import type {Root} from 'hast'
import type {Worker} from 'node:worker_threads'
import type {PagePool} from '../stages/layout.ts'
import type {Template} from '../stages/page-kind.ts'
import {moduleBeside} from './own-code.ts'
import {startWorker} from './workers.ts'

/** A page to serialize, as plain data. */
export interface PageJob {
  id: number
  tree: Root
  address: string
  searched: boolean
}

/** A worker's answer to a job. */
export interface PageReply {
  id: number
  template: Template
}

/**
 * Pages each worker serializes for every one this thread does: making the
 * trees (the views, the layouts, the store) is about half of laying out,
 * and serializing the other half, so this thread keeps little of it.
 */
const share = 7

interface Waiting {
  done: (template: Template) => void
  fail: (error: Error) => void
  address: string
}

/** Start `workers` threads that serialize pages for a layout. */
export function startPagePool(workers: number): PagePool {
  let next = 0
  const threads = Array.from({length: workers}, () => thread())
  return {
    serialize(tree, address, searched) {
      const turn = next++ % (share * workers + 1)
      const chosen = threads[turn % workers]
      if (turn === share * workers || !chosen) return undefined
      return chosen.send({id: next, tree, address, searched})
    },
    async close() {
      await Promise.all(threads.map((item) => item.worker.terminate()))
    }
  }
}

/** One worker, and the jobs it was sent that it has not answered yet. */
function thread(): {worker: Worker; send: (job: PageJob) => Promise<Template>} {
  const worker = startWorker(moduleBeside('./layout-worker.ts', import.meta.url), undefined)
  const waiting = new Map<number, Waiting>()
  const failAll = (error: (address: string) => Error): void => {
    for (const item of waiting.values()) item.fail(error(item.address))
    waiting.clear()
  }
  worker.on('message', (reply: PageReply) => {
    waiting.get(reply.id)?.done(reply.template)
    waiting.delete(reply.id)
  })
  worker.on('error', (cause: Error) =>
    failAll((address) => new Error(`A layout worker failed on ${address}`, {cause}))
  )
  worker.on('exit', (code) =>
    failAll((address) => new Error(`A layout worker stopped (exit code ${code}) before ${address}`))
  )
  return {
    worker,
    send: (job) =>
      new Promise((done, fail) => {
        waiting.set(job.id, {done, fail, address: job.address})
        worker.postMessage(job)
      })
  }
}
