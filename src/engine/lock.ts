/**
 * One build at a time per output folder and per cache folder: a lock file
 * created exclusively, naming the process that holds it. A lock whose
 * process is gone (a build killed on this machine) is stale and taken over;
 * a live one makes the second build stop with a message that says who
 * holds it.
 */
import {randomBytes} from 'node:crypto'
import {readFileSync, statSync, unlinkSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'

/** A lock held by another build: this one must not go on. */
export class LockedError extends Error {
  override name = 'LockedError'
}

/** A lock this process holds. */
export interface Lock {
  path: string
  /** Throws a {@link LockedError} if another build took the lock over. */
  check(): void
  release(): void
}

interface Holder {
  pid: number
  host: string
  since: string
  token: string
}

/** A lock file left half written, by a build killed as it wrote it, is stale after this long. */
const unnamedStaleMs = 10_000
/** No build takes this long: a lock this old is stale even if its process number is in use again. */
const heldStaleMs = 3_600_000

/**
 * Take the lock at `path` for `what` (such as "the output folder dist"),
 * or throw a {@link LockedError} if a live build holds it.
 */
export function acquireLock(path: string, what: string): Lock {
  const holder: Holder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    token: randomBytes(8).toString('hex')
  }
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, `${JSON.stringify(holder)}\n`, {flag: 'wx'})
      return heldLock(path, holder, what)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new Error(`Cannot create the lock file ${path}`, {cause: error})
    }
    const other = readHolder(path)
    if (!other && !halfWritten(path))
      throw new LockedError(
        `${path} is in the way of the lock of ${what}, and is not a lock of Bulletin's: move it away and build again.`
      )
    if (!isStale(path, other)) {
      const who = other
        ? `process ${other.pid} on ${other.host}, since ${other.since}`
        : 'a process that is writing it'
      throw new LockedError(
        `Another build holds ${what} (${who}): wait for it to end and build again. If no build is running, delete ${path}.`
      )
    }
    try {
      unlinkSync(path)
    } catch {
      // Another build took the stale lock away first: try again, and meet its lock.
    }
  }
  throw new LockedError(
    `Another build took ${what} as this one started: wait for it to end and build again.`
  )
}

function heldLock(path: string, holder: Holder, what: string): Lock {
  const check = (): void => {
    if (readHolder(path)?.token !== holder.token)
      throw new LockedError(
        `Another build took ${what} over while this one ran: nothing was published by this one.`
      )
  }
  return {
    path,
    check,
    release: () => {
      if (readHolder(path)?.token === holder.token) unlinkSync(path)
    }
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>
    if (
      typeof value.pid === 'number' &&
      typeof value.host === 'string' &&
      typeof value.since === 'string' &&
      typeof value.token === 'string'
    )
      return value as Holder
  } catch {
    // Unreadable or half written: judged by its age below.
  }
  return undefined
}

/** Whether `path` holds what a build killed as it wrote its lock leaves: nothing, or the start of one. */
function halfWritten(path: string): boolean {
  try {
    const text = readFileSync(path, 'utf8')
    return '{"pid":'.startsWith(text) || text.startsWith('{"pid":')
  } catch {
    return true
  }
}

/** Whether the lock's holder is gone: a process of this machine that no longer runs, or one from long ago. */
function isStale(path: string, holder: Holder | undefined): boolean {
  if (!holder) {
    const age = Date.now() - (statSync(path, {throwIfNoEntry: false})?.mtimeMs ?? 0)
    return age > unnamedStaleMs
  }
  if (Date.now() - Date.parse(holder.since) > heldStaleMs) return true
  if (holder.host !== hostname()) return false
  if (holder.pid === process.pid) return false
  try {
    process.kill(holder.pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}
