/**
 * The stage's writer thread: it puts the files the build sends it in the
 * stage, in their order, and answers each barrier once what came before it
 * is on disk, or with the first failure. Started by `stage-writer.ts`.
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
      return
    }
  }
})
