import {cp, mkdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cli} from './helpers/cli.ts'
import {temporaryFolder} from './helpers/site.ts'

const fixtures = fileURLToPath(new URL('import-fixtures/', import.meta.url))
let scratch: {path: string; remove: () => Promise<void>}
beforeAll(async () => {
  scratch = await temporaryFolder()
  await mkdir(join(scratch.path, 'content', 'issues', 'existing'), {recursive: true})
  await cp(join(fixtures, 'site.yml'), join(scratch.path, 'content', 'site.yml'))
  await writeFile(
    join(scratch.path, 'content', 'issues', 'existing', 'fr.md'),
    '---\nissue: 7\ndate: 2020-03-01\ntitle: Existant\n---\n'
  )
})
afterAll(() => scratch.remove())

describe('npm run import', () => {
  it('creates the next issue from an export and prints what it could not decide', async () => {
    const result = await cli(
      ['import', join(fixtures, 'seed-2020-04-02', 'input.txt')],
      scratch.path
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      'Created content/issues/2020-04-02/fr.md (issue 8, 2020-04-02). Settle the warnings above, then run `bulletin build`.\n'
    )
    expect(result.stderr).toMatch(/input\.txt:82:28 +warning +Footnote marker \[3\] removed/)
    const created = await readFile(
      join(scratch.path, 'content', 'issues', '2020-04-02', 'fr.md'),
      'utf8'
    )
    expect(created).toBe(
      (await readFile(join(fixtures, 'seed-2020-04-02', 'expected.md'), 'utf8')).replace(
        'issue: 1\n',
        'issue: 8\n'
      )
    )
  })

  it('never overwrites an existing issue', async () => {
    const path = join(scratch.path, 'content', 'issues', '2020-04-02', 'fr.md')
    await writeFile(path, 'edited by hand')
    const result = await cli(
      ['import', join(fixtures, 'seed-2020-04-02', 'input.txt'), '--issue', '20'],
      scratch.path
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('already exists, and an import never overwrites')
    expect(await readFile(path, 'utf8')).toBe('edited by hand')
  })

  it('stops without a date, and on usage errors', async () => {
    expect((await cli(['import', join(fixtures, 'no-date', 'input.txt')], scratch.path)).code).toBe(
      1
    )
    const taken = await cli(
      ['import', join(fixtures, 'no-date', 'input.txt'), '--issue', '7', '--date', '2020-05-01'],
      scratch.path
    )
    expect(taken.code).toBe(2)
    expect(taken.stderr).toContain('issue 7 already exists')
    expect(
      (
        await cli(
          ['import', join(fixtures, 'no-date', 'input.txt'), '--date', '2020-02-30'],
          scratch.path
        )
      ).code
    ).toBe(2)
    expect((await cli(['import'], scratch.path)).code).toBe(2)
  })
})
