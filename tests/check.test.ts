import {readdir} from 'node:fs/promises'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cli} from './helpers/cli.ts'
import {fixtureContent, temporaryFolder} from './helpers/site.ts'

const fixture = fixtureContent
let scratch: {path: string; remove: () => Promise<void>}
beforeAll(async () => {
  scratch = await temporaryFolder()
})
afterAll(() => scratch.remove())

describe('npm run check', () => {
  it('passes a sound site without writing anything', async () => {
    const result = await cli(['check', '--content', fixture('valid-site')], scratch.path)
    expect(result.stdout).toMatch(/^Checked \d+ issue files and \d+ pages: no error\n$/)
    expect(result.code).toBe(0)
    expect(await readdir(scratch.path)).toEqual([])
  })

  it('prints the same problems as the build, and exits as it does', async () => {
    const checked = await cli(['check', '--content', fixture('section-errors')], scratch.path)
    const built = await cli(
      ['build', '--content', fixture('section-errors'), '--out', 'out'],
      scratch.path
    )
    expect(checked.code).toBe(1)
    expect(built.code).toBe(1)
    const problems = (output: string): string =>
      output
        .split('\n')
        .filter((line) => / (error|warning) /.test(line))
        .join('\n')
    expect(problems(checked.stderr)).toBe(problems(built.stderr))
    expect(problems(checked.stderr)).toContain('section-errors/content/issues/')
  })

  it('checks drafts as published issues when asked', async () => {
    const published = await cli(['check', '--content', fixture('drafts')], scratch.path)
    expect(published.code).toBe(0)
    expect(published.stderr).toContain('The `en` translation of issue 1 is a draft')
    const withDrafts = await cli(
      ['check', '--content', fixture('drafts'), '--drafts'],
      scratch.path
    )
    expect(withDrafts.code).toBe(0)
    expect(withDrafts.stderr).toContain('Issue 2 has no translation in `en`')
    expect(withDrafts.stderr).not.toContain('is a draft')
  })
})
