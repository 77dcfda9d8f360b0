/**
 * Run Bulletin's command line in a child process, as a user would.
 */
import {execFile} from 'node:child_process'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
// tsx resolved from here: the commands may run in a folder with no node_modules.
const tsx = import.meta.resolve('tsx')

/** What a command printed, and its exit code. */
export interface CommandResult {
  code: number
  stdout: string
  stderr: string
}

/** Run `src/cli/main.ts` with `args` in `cwd`. */
export async function cli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {}
): Promise<CommandResult> {
  try {
    const {stdout, stderr} = await run(
      process.execPath,
      ['--import', tsx, join(root, 'src', 'cli', 'main.ts'), ...args],
      {cwd, env: {...process.env, ...env}}
    )
    return {code: 0, stdout, stderr}
  } catch (error) {
    const failure = error as CommandResult
    return {code: failure.code, stdout: failure.stdout, stderr: failure.stderr}
  }
}
