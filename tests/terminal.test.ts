/**
 * What the command line shows on a terminal: the colour choice (NO_COLOR,
 * FORCE_COLOR, a terminal or not), the progress line, and, end to end, a
 * build on a pseudo-terminal (through util-linux's `script`) against one
 * whose stderr is a pipe.
 */
import {execFile} from 'node:child_process'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {colorsOn, progressLine} from '../src/cli/terminal.ts'
import {fixtureCopy} from './helpers/site.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const main = join(root, 'src', 'cli', 'main.ts')
const tsx = fileURLToPath(import.meta.resolve('tsx'))

describe('colours', () => {
  it('follow NO_COLOR, then FORCE_COLOR, then whether the stream is a terminal', () => {
    const tty = {isTTY: true}
    const pipe = {isTTY: false}
    expect(colorsOn(tty, {})).toBe(true)
    expect(colorsOn(pipe, {})).toBe(false)
    expect(colorsOn(tty, {TERM: 'dumb'})).toBe(false)
    expect(colorsOn(tty, {NO_COLOR: '1'})).toBe(false)
    expect(colorsOn(tty, {NO_COLOR: ''})).toBe(true)
    expect(colorsOn(pipe, {FORCE_COLOR: '1'})).toBe(true)
    expect(colorsOn(tty, {FORCE_COLOR: '0'})).toBe(false)
    expect(colorsOn(pipe, {NO_COLOR: '1', FORCE_COLOR: '1'})).toBe(false)
  })
})

describe('the progress line', () => {
  const stream = (columns = 80) => {
    const written: string[] = []
    return {written, write: (text: string) => written.push(text), isTTY: true, columns}
  }

  it('paints the phases under way in place, at most every 100 ms between their starts and ends', () => {
    let time = 0
    const out = stream()
    const line = progressLine(out, {live: true, label: 'Building'}, () => time)
    line.listener({phase: 'render'})
    for (let done = 1; done <= 10; done++) {
      time += 30
      line.listener({phase: 'render', done, total: 10})
    }
    line.listener({phase: 'layout', done: 1, total: 4})
    time += 1000
    line.listener({phase: 'render', finished: true})
    expect(out.written[0]).toBe('\r\x1b[2KBuilding: rendering')
    expect(out.written).toContain('\r\x1b[2KBuilding: rendering 4/10')
    expect(out.written).toContain('\r\x1b[2KBuilding: rendering 10/10 · laying out 1/4')
    expect(out.written.at(-1)).toBe('\r\x1b[2KBuilding: laying out 1/4')
    expect(out.written.length).toBeLessThan(8)
    line.clear()
    expect(out.written.at(-1)).toBe('\r\x1b[2K')
    expect(line.times()).toBe('render 1.30 s, layout 1.00 s')
  })

  it('fits the terminal’s width', () => {
    const out = stream(26)
    const line = progressLine(out, {live: true, label: 'Building'})
    line.listener({phase: 'search'})
    expect(out.written[0]).toBe('\r\x1b[2KBuilding: indexing for s…')
  })

  it('paints nothing when not live, and still times the phases', () => {
    let time = 0
    const out = stream()
    const line = progressLine(out, {live: false, label: 'Building'}, () => time)
    line.listener({phase: 'read'})
    time = 12_345
    line.listener({phase: 'read', done: 3, finished: true})
    line.clear()
    expect(out.written).toEqual([])
    expect(line.times()).toBe('read 12.3 s')
  })
})

describe('a build seen from a terminal and from a pipe', () => {
  let scratch: {path: string; remove: () => Promise<void>}
  beforeAll(async () => {
    scratch = await fixtureCopy('missing-translation')
  })
  afterAll(() => scratch.remove())

  /** `bulletin build …` in the scratch folder, its stderr on a pipe or, with `script`, on a terminal. */
  const build = async (terminal: boolean, env: Record<string, string>, ...args: string[]) => {
    const command = [process.execPath, '--import', tsx, main, 'build', '--no-cache', ...args]
    // The test's own colour settings are left out: each case sets its own.
    const {NO_COLOR: _no, FORCE_COLOR: _force, ...inherited} = process.env
    const options = {cwd: scratch.path, env: {...inherited, ...env}}
    const quoted = command.map((word) => `'${word}'`).join(' ')
    const {stdout, stderr} = terminal
      ? await run('script', ['--quiet', '--return', '--command', quoted, '/dev/null'], options)
      : await run(command[0]!, command.slice(1), options)
    return {stdout, stderr}
  }

  it('shows the progress and colours on a terminal only, and NO_COLOR takes the colours away', async () => {
    const seen = await build(true, {})
    expect(seen.stdout).toContain('\r\x1b[2KBuilding: reading')
    expect(seen.stdout).toContain('Building: laying out')
    expect(seen.stdout).toMatch(/\x1b\[33mwarning/)
    expect(seen.stdout).toMatch(/Built \d+ pages .* \(read [\d.]+ s, render [\d.]+ s, layout /)

    const plain = await build(true, {NO_COLOR: '1'})
    expect(plain.stdout).toContain('Building: laying out')
    expect(plain.stdout).not.toMatch(/\x1b\[3\dm/)

    const piped = await build(false, {})
    expect(piped.stderr).not.toContain('\x1b')
    expect(piped.stderr).toContain('warning')
    expect(piped.stdout).toMatch(/^Built \d+ pages .* \(read [\d.]+ s/)
  })

  it('says nothing but the problems with --quiet', async () => {
    const quiet = await build(true, {}, '--quiet')
    expect(quiet.stdout).not.toContain('Building:')
    expect(quiet.stdout).not.toContain('Built')
    expect(quiet.stdout).toContain('warning')
  })
})
