/**
 * Content problems are vfile messages. These helpers give every message the
 * same source and a rule id, so the reporter can print
 * `path:line:column  severity  message  rule`.
 */
import type {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import type {Point, Position} from './types.ts'

/** Where a problem is: a point or a range in the file. */
export type Place = Point | Position | undefined

/** Report an error: the build fails, but goes on to find the other problems. */
export function fail(file: VFile, reason: string, place: Place, ruleId: string): VFileMessage {
  const message = file.message(visible(reason), {place, ruleId, source: 'bulletin'})
  message.fatal = true
  return message
}

/** Report a warning: the build succeeds. */
export function warn(file: VFile, reason: string, place: Place, ruleId: string): VFileMessage {
  const message = file.message(visible(reason), {place, ruleId, source: 'bulletin'})
  message.fatal = false
  return message
}

/**
 * A message quotes what it found: control, bidirectional and invisible
 * characters in it are written as `U+202E`, so that a terminal neither
 * obeys them nor shows the message in another order.
 */
function visible(reason: string): string {
  return reason.replace(
    /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g,
    (character) =>
      `<U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`
  )
}

/** Whether any of the files has an error. */
export function hasErrors(files: Iterable<VFile>): boolean {
  for (const file of files) {
    if (file.messages.some((message) => message.fatal === true)) return true
  }
  return false
}

/** Format a position as `path:line:column` for messages that point elsewhere. */
export function where(path: string, place: Place): string {
  const point = place && 'start' in place ? place.start : place
  return point ? `${path}:${point.line}:${point.column}` : path
}

/** Join values for a message: `a`, `b` and `c`. */
export function list(values: readonly string[]): string {
  return values.map((value) => `\`${value}\``).join(', ')
}

/**
 * A message as plain data: structured cloning (the cache's `v8.serialize`,
 * a worker's `postMessage`) keeps only an error's message.
 */
export interface StoredMessage {
  reason: string
  place?: Point | Position
  ruleId?: string
  source?: string
  fatal?: boolean | null | undefined
}

/** Messages as plain data, to store or to send to another thread. */
export function storeMessages(messages: readonly VFileMessage[]): StoredMessage[] {
  return messages.map((message) => {
    const plain: StoredMessage = {reason: message.reason, fatal: message.fatal}
    if (message.place) plain.place = message.place
    if (message.ruleId !== undefined) plain.ruleId = message.ruleId
    if (message.source !== undefined) plain.source = message.source
    return plain
  })
}

/** Messages of the file at `path` again, from plain data. */
export function reviveMessages(path: string, messages: readonly StoredMessage[]): VFileMessage[] {
  return messages.map((plain) => {
    const message = new VFileMessage(plain.reason, {
      place: plain.place,
      ...(plain.ruleId === undefined ? {} : {ruleId: plain.ruleId}),
      ...(plain.source === undefined ? {} : {source: plain.source})
    })
    message.file = path
    message.fatal = plain.fatal
    return message
  })
}
