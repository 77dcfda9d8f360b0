/**
 * One runner over `tests/import-fixtures/<case>/`: `input.txt` (an export),
 * `options.json` (`issue`, optional `date`), and what the import must give:
 * `expected.md` (absent when it must fail) and `messages.txt`.
 * `UPDATE_FIXTURES=1 npm test` rewrites the expectations.
 */
import {existsSync} from 'node:fs'
import {readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {parseConfig} from '../src/model/config.ts'
import {importExport} from '../src/authoring/import.ts'
import {report} from '../src/model/report.ts'

const fixtures = fileURLToPath(new URL('import-fixtures/', import.meta.url))
const update = process.env.UPDATE_FIXTURES === '1'
const config = parseConfig(
  new VFile({path: 'site.yml', value: await readFile(join(fixtures, 'site.yml'), 'utf8')})
)
const cases = (await readdir(fixtures, {withFileTypes: true}))
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()

describe('import', () => {
  it('has cases and a configuration', () => {
    expect(config).toBeDefined()
    expect(cases.length).toBeGreaterThan(5)
  })

  for (const name of cases) {
    it(name, async () => {
      const root = join(fixtures, name)
      const options = JSON.parse(await readFile(join(root, 'options.json'), 'utf8')) as {
        issue: number
        date?: string
      }
      const file = new VFile({
        path: 'input.txt',
        value: await readFile(join(root, 'input.txt'), 'utf8')
      })
      if (!config) throw new Error('configuration')
      const result = importExport(file, {config, ...options})
      const messages = report([file])
      if (update) {
        await writeFile(join(root, 'messages.txt'), messages)
        if (result) await writeFile(join(root, 'expected.md'), result.markdown)
        return
      }
      expect(messages).toBe(await readFile(join(root, 'messages.txt'), 'utf8'))
      if (existsSync(join(root, 'expected.md')))
        expect(result?.markdown).toBe(await readFile(join(root, 'expected.md'), 'utf8'))
      else expect(result).toBeUndefined()
    })
  }
})
