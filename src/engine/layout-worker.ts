/**
 * A layout worker: it serializes the pages' trees the build sends it, as
 * the build's own thread would, and sends back each template. Started by
 * `layout-threads.ts`.
 */
import {parentPort} from 'node:worker_threads'
import {serializeTemplate} from '../stages/serialize-page.ts'
import type {PageJob, PageReply} from './layout-threads.ts'

parentPort?.on('message', (job: PageJob) => {
  const reply: PageReply = {
    id: job.id,
    template: serializeTemplate(job.tree, job.address, job.searched)
  }
  parentPort?.postMessage(reply)
})
