/**
 * Mistakes in the command line, shared by the commands: they are reported
 * with the command's usage and exit code 2, and name the closest valid
 * command or option.
 */
import {parseArgs, type ParseArgsConfig} from 'node:util'

/** A mistake in the command line. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** Whether `error` is a mistake in the command line: ours, or one of `util.parseArgs`. */
export function isUsageError(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
  )
}

/**
 * `util.parseArgs`, strict, with an unknown option reported as a usage
 * error that names the closest option of `config`.
 */
export function parseOptions<const T extends ParseArgsConfig>(
  config: T
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({strict: true, ...config})
  } catch (error) {
    const unknown = /^Unknown option '([^']+)'/.exec(error instanceof Error ? error.message : '')
    if (!unknown?.[1]) throw error
    const names = Object.entries(config.options ?? {}).flatMap(([name, option]) => [
      `--${name}`,
      ...(option.type === 'boolean' && config.allowNegative ? [`--no-${name}`] : [])
    ])
    throw new UsageError(`Unknown option \`${unknown[1]}\`${suggestion(unknown[1], names)}`)
  }
}

/** `: did you mean …?` with the closest of `candidates`, or a list of them when none is close. */
export function suggestion(name: string, candidates: readonly string[]): string {
  const near = closest(name, candidates)
  return near === undefined
    ? `: expected one of ${candidates.map((candidate) => `\`${candidate}\``).join(', ')}`
    : `: did you mean \`${near}\`?`
}

/**
 * The candidate nearest to `name` by edit distance (a letter added, left
 * out, changed or two swapped), when it is near enough to be a typo.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  return best
}

/** Optimal string alignment distance: Levenshtein's, with a swap of two neighbours as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({length: a.length + 1}, (_, i) =>
    Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0))
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i]!
      const above = rows[i - 1]!
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      row[j] = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, rows[i - 2]![j - 2]! + 1)
    }
  }
  return rows[a.length]![b.length]!
}
