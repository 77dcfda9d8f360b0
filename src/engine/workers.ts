/**
 * Worker threads running one of Bulletin's modules, in the form this
 * process runs in: from the TypeScript sources, the worker registers tsx
 * before loading it, whoever started this process (the command line, the
 * tests).
 */
import {Worker} from 'node:worker_threads'
import {fromSources} from './own-code.ts'

/** A worker running the module at `entry` (see `moduleBeside`), started with `data`. */
export function startWorker(entry: URL, data: unknown): Worker {
  if (!fromSources) return new Worker(entry, {workerData: data})
  const tsx = import.meta.resolve('tsx/esm/api')
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}) })`
  return new Worker(code, {eval: true, workerData: data})
}
