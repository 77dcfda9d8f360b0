/**
 * The `bulletin` command line: its list of commands, each command's help,
 * its version, and usage errors (exit code 2) that name the closest valid
 * command or option.
 */
import {execFile} from 'node:child_process'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {describe, expect, it} from 'vitest'
import {closest, editDistance} from '../src/cli/usage.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const main = join(root, 'src', 'cli', 'main.ts')
const tsx = import.meta.resolve('tsx')

/** Run `bulletin …` from the sources; its output and exit code. */
async function bulletin(
  ...args: string[]
): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const {stdout, stderr} = await promisify(execFile)(
      process.execPath,
      ['--import', tsx, main, ...args],
      {cwd: root, env: {...process.env, NO_COLOR: '1'}}
    )
    return {code: 0, stdout, stderr}
  } catch (error) {
    const failed = error as {code: number; stdout: string; stderr: string}
    return {code: failed.code, stdout: failed.stdout, stderr: failed.stderr}
  }
}

const commands = ['build', 'check', 'dev', 'new', 'import', 'status', 'search']

describe('bulletin', () => {
  it('lists its commands, alone, with help and with --help', async () => {
    for (const args of [[], ['help'], ['--help'], ['-h']]) {
      const {code, stdout, stderr} = await bulletin(...args)
      expect(code, args.join(' ')).toBe(0)
      expect(stderr).toBe('')
      for (const command of commands) expect(stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'))
    }
  })

  it('shows a command’s options with help COMMAND and COMMAND --help', async () => {
    for (const args of [
      ['help', 'build'],
      ['build', '--help']
    ]) {
      const {code, stdout} = await bulletin(...args)
      expect(code).toBe(0)
      expect(stdout).toMatch(/^Usage: bulletin build \[options\]/)
      expect(stdout).toContain('--no-cache')
    }
    expect((await bulletin('help', 'check')).stdout).toContain('--layouts DIR')
  })

  it('says its version, as in package.json', async () => {
    const {version} = (await import('../package.json', {with: {type: 'json'}})).default
    const {code, stdout} = await bulletin('--version')
    expect(code).toBe(0)
    expect(stdout).toBe(`bulletin ${version} (Node ${process.version})\n`)
  })

  it('names the closest command or option of a mistyped one, with exit code 2', async () => {
    const command = await bulletin('biuld')
    expect(command.code).toBe(2)
    expect(command.stdout).toBe('')
    expect(command.stderr).toContain('Unknown command `biuld`: did you mean `build`?')
    const help = await bulletin('help', 'chek')
    expect(help.code).toBe(2)
    expect(help.stderr).toContain('did you mean `check`?')
    const option = await bulletin('build', '--ot', 'x')
    expect(option.code).toBe(2)
    expect(option.stderr).toMatch(
      /^Unknown option `--ot`: did you mean `--out`\?\n\nUsage: bulletin build/
    )
    const negated = await bulletin('build', '--no-serch')
    expect(negated.stderr).toContain('did you mean `--no-search`?')
    const far = await bulletin('publish')
    expect(far.code).toBe(2)
    expect(far.stderr).toContain('expected one of `build`, `check`')
  })
})

describe('the closest name', () => {
  it('counts an edit, a missing or extra letter and a swap as one', () => {
    expect(editDistance('build', 'build')).toBe(0)
    expect(editDistance('biuld', 'build')).toBe(1)
    expect(editDistance('buld', 'build')).toBe(1)
    expect(editDistance('buildd', 'build')).toBe(1)
    expect(editDistance('bxild', 'build')).toBe(1)
    expect(editDistance('', 'abc')).toBe(3)
  })

  it('suggests only a near one', () => {
    expect(closest('serach', commands)).toBe('search')
    expect(closest('STATUS', commands)).toBe('status')
    expect(closest('publish', commands)).toBeUndefined()
  })
})
