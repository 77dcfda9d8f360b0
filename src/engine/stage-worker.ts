/**
 * The stage's writer thread: it puts the files the build sends it in the
 * stage, in their order, says how many bytes each message's files took, and
 * answers each barrier once what came before it is on disk; the first
 * failure it tells at once, and to each barrier after it. Started by `stage-writer.ts`.
 */
import {parentPort} from 'node:worker_threads'
import {jobPath, runStageJob, type StageJob} from './stage-jobs.ts'
import type {WriterMessage, WriterReply} from './stage-writer.ts'

const made = new Set<string>()
let failure: WriterReply | undefined

parentPort?.on('message', (message: WriterMessage) => {
  if ('barrier' in message) {
    parentPort?.postMessage(failure ?? {barrier: message.barrier})
    return
  }
  // After a failure the build fails: what comes after is not written.
  if (failure) return
  for (const job of message.jobs) {
    try {
      runStageJob(job as StageJob, made)
    } catch (error) {
      failure = {failed: jobPath(job), error}
      // At once: the build may be waiting for room that this message will never make.
      parentPort?.postMessage(failure)
      return
    }
  }
  parentPort?.postMessage({written: message.bytes} satisfies WriterReply)
})
