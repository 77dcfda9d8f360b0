/**
 * Mistakes in the command line, shared by the commands: they are reported
 * with the command's usage and exit code 2.
 */

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
