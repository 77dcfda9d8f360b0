/**
 * The real archive in content/ is part of the product: it must build in
 * both languages without a single warning.
 */
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {build} from '../src/build.ts'
import {report} from '../src/report.ts'

const root = fileURLToPath(new URL('..', import.meta.url))

describe('content/', () => {
  it('builds every issue in French and English without a warning', async () => {
    const result = await build({content: 'content', out: 'dist-never-written', cwd: root, dryRun: true})
    expect(report(result.files)).toBe('')
    expect(result.ok).toBe(true)
    const issueFiles = result.files.filter((file) => file.data.source)
    expect(issueFiles.map((file) => file.path).sort()).toEqual([
      'content/issues/2020-04-02/en.md',
      'content/issues/2020-04-02/fr.md',
      'content/issues/2020-04-09/en.md',
      'content/issues/2020-04-09/fr.md'
    ])
    const numbers = issueFiles.map((file) => [file.data.source?.lang, file.data.matter?.fields.issue ?? 'inherited', file.data.matter?.sections.length])
    expect(numbers).toEqual([
      ['en', 'inherited', 7],
      ['fr', 1, 7],
      ['en', 'inherited', 9],
      ['fr', 2, 9]
    ])
  })
})
