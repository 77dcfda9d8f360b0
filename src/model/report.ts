/**
 * Print content problems one a line, `path:line:column  severity  message
 * rule`, so that terminals and editors can jump to each, then a summary.
 * Files and messages come in path and position order, as vfile-reporter
 * sorts them.
 */
import type {VFile} from 'vfile'
import {compareFile, compareMessage} from 'vfile-sort'
import {statistics} from 'vfile-statistics'

/** Options of `report`. */
export interface ReportOptions {
  /** Colour the severities for a terminal. */
  color?: boolean
}

/** One problem, as the terminal and the dev server's overlay show it. */
export interface Problem {
  /** `path:line:column`. */
  place: string
  severity: 'error' | 'warning' | 'info'
  message: string
  rule: string
}

/** The messages of `files`, in path and position order. */
export function problems(files: readonly VFile[]): Problem[] {
  // Only the files with messages are sorted: a large archive has thousands without.
  return files
    .filter((file) => file.messages.length > 0)
    .sort(compareFile)
    .flatMap((file) =>
      [...file.messages].sort(compareMessage).map((message) => ({
        place: `${file.path}${message.line === undefined ? '' : `:${message.line}:${message.column ?? 1}`}`,
        severity: message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'info',
        message: message.reason,
        rule: message.ruleId ?? ''
      }))
    )
}

/** Format the messages of `files`; an empty string when there are none. */
export function report(files: readonly VFile[], options: ReportOptions = {}): string {
  const rows = problems(files).map(
    ({place, severity, message, rule}) => [place, severity, message, rule] as const
  )
  if (rows.length === 0) return ''

  const width = Math.max(...rows.map((row) => row[0].length))
  const paint = (severity: string): string => {
    const padded = severity.padEnd(7)
    if (!options.color) return padded
    return severity === 'error'
      ? `\u001b[31m${padded}\u001b[39m`
      : severity === 'warning'
        ? `\u001b[33m${padded}\u001b[39m`
        : padded
  }
  const lines = rows.map(
    ([place, severity, reason, rule]) =>
      `${place.padEnd(width)}  ${paint(severity)}  ${reason}${rule ? `  ${rule}` : ''}`
  )

  const counts = statistics([...files])
  const parts = [
    counts.fatal > 0 ? `${counts.fatal} ${counts.fatal === 1 ? 'error' : 'errors'}` : '',
    counts.warn > 0 ? `${counts.warn} ${counts.warn === 1 ? 'warning' : 'warnings'}` : ''
  ].filter(Boolean)
  return `${lines.join('\n')}\n\n${parts.join(', ')}\n`
}
