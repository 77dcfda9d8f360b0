/**
 * A render worker: it renders the issue files the build sends it, with the
 * same processors as the build's own thread, and sends back each rendering
 * as plain data. Started by `render-threads.ts`.
 */
import {parentPort, workerData} from 'node:worker_threads'
import {VFile} from 'vfile'
import type {Archive} from '../stages/archive.ts'
import {storeMessages} from '../model/message.ts'
import {createProcessors, renderFile} from '../stages/render.ts'
import type {RenderJob, RenderReply, WorkerSetup} from './render-threads.ts'

const setup = workerData as WorkerSetup
const archive: Archive = {config: setup.config, issues: [], targets: new Map(setup.targets)}
const processors = createProcessors(archive, setup.messages)

parentPort?.on('message', (jobs: RenderJob[]) => {
  const reply: RenderReply = jobs.map((job) => {
    const file = new VFile({
      path: job.path,
      value: job.value,
      data: {source: job.source, matter: job.matter}
    })
    const entry = renderFile(file, job.key, processors, archive)
    return entry && {...entry, messages: storeMessages(entry.messages)}
  })
  parentPort?.postMessage(reply)
})
