/**
 * Rendering on worker threads gives the same site, byte for byte, and the
 * same messages at the same places, as rendering in the build's own thread.
 */
import {appendFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {generateArchive} from '../scripts/generate-archive.ts'
import {build, type BuildOptions} from '../src/engine/build.ts'
import {threadMinimum} from '../src/engine/render-threads.ts'
import {report} from '../src/model/report.ts'
import {readTree, temporaryFolder} from './helpers/site.ts'

const scratch = await temporaryFolder()
afterAll(() => scratch.remove())
const issues = Math.ceil(threadMinimum / 2) + 10
const edited = (): string => join(scratch.path, 'content', 'issues', '2020-04-02', 'fr.md')
const options = (out: string, threads: number): BuildOptions => ({
  content: 'content',
  out,
  cwd: scratch.path,
  search: false,
  threads
})

beforeAll(async () => {
  await generateArchive(issues, join(scratch.path, 'content'))
  // A warning of the render stage, with its place, must come back from a worker whole.
  await appendFile(edited(), '\nAvec <b>du HTML</b>.\n')
})

describe(`rendering ${issues * 2} files on threads`, () => {
  it('gives the same bytes and the same warnings as one thread', async () => {
    const one = await build(options('one', 1))
    const two = await build(options('two', 2))
    expect([one.ok, two.ok]).toEqual([true, true])
    expect(report(one.files)).toMatch(
      /content\/issues\/2020-04-02\/fr\.md:\d+:\d+ +warning +.*HTML/
    )
    expect(report(two.files)).toBe(report(one.files))
    const site = await readTree(join(scratch.path, 'one'))
    expect(site.size).toBeGreaterThan(issues * 2)
    expect(await readTree(join(scratch.path, 'two'))).toEqual(site)
  }, 120_000)

  it('gives the same errors as one thread', async () => {
    await appendFile(edited(), '\nVoir [la suite](#nulle-part).\n')
    const one = await build(options('one-failed', 1))
    const two = await build(options('two-failed', 2))
    expect([one.ok, two.ok]).toEqual([false, false])
    expect(report(one.files)).toMatch(/fr\.md:\d+:\d+ +error +No section `nulle-part`/)
    expect(report(two.files)).toBe(report(one.files))
  }, 120_000)
})
