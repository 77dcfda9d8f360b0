/**
 * A render worker: it renders the issue files the build sends it, with the
 * same processors as the build's own thread, and sends back each rendering
 * as plain data. Started by `render-threads.ts`.
 */
import {parentPort, workerData} from 'node:worker_threads'
import type {Archive} from '../stages/archive.ts'
import {storeMessages} from '../model/message.ts'
import {createProcessors, renderIssue} from '../stages/render.ts'
import type {RenderJob, RenderReply, WorkerSetup} from './render-threads.ts'

const setup = workerData as WorkerSetup
const archive: Archive = {config: setup.config, issues: [], targets: new Map(setup.targets)}
const processors = createProcessors(archive, setup.messages)

parentPort?.on('message', (jobs: RenderJob[]) => {
  const reply: RenderReply = jobs.map((job) => {
    const language = processors[job.source.lang]
    const made = language && renderIssue(job.path, job.matter, job.source, language.processor)
    return made && {...made, messages: storeMessages(made.messages)}
  })
  parentPort?.postMessage(reply)
})
