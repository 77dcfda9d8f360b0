/**
 * One runner over the mini sites of `tests/fixtures/<case>/`. Each case has
 * `content/` and `expected/`:
 * - `messages.txt`: the exact report of the build (empty when clean);
 * - `files.txt`: every file the build writes (absent when it must fail);
 * - `dist/…`: pages whose exact bytes are expected.
 * An optional `options.json` holds build options (`{"drafts": true}`).
 * `UPDATE_FIXTURES=1 npm test` rewrites the expectations from the output.
 */
import {existsSync} from 'node:fs'
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {build} from '../src/engine/build.ts'
import {report} from '../src/model/report.ts'
import {listTree, temporaryFolder} from './helpers/site.ts'

const fixtures = fileURLToPath(new URL('fixtures/', import.meta.url))
const update = process.env.UPDATE_FIXTURES === '1'
const cases = (await readdir(fixtures, {withFileTypes: true}))
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
const scratch = await temporaryFolder()
afterAll(() => scratch.remove())

describe('fixtures', () => {
  it('has cases, and expected pages for the sites that build', async () => {
    expect(cases.length).toBeGreaterThan(10)
    // A case that pins pages must have them on disk: an ignore rule once hid them from git.
    for (const name of ['valid-site', 'missing-translation', 'missing-section', 'drafts']) {
      expect(
        (await listTree(join(fixtures, name, 'expected', 'dist'))).length,
        name
      ).toBeGreaterThan(0)
    }
  })

  for (const name of cases) {
    it(name, async () => {
      const root = join(fixtures, name)
      const expected = join(root, 'expected')
      const optionsPath = join(root, 'options.json')
      const options = existsSync(optionsPath)
        ? (JSON.parse(await readFile(optionsPath, 'utf8')) as {drafts?: boolean})
        : {}
      const out = join(scratch.path, name)

      const result = await build({
        content: 'content',
        out,
        cwd: root,
        drafts: options.drafts ?? false
      })
      const messages = report(result.files)
      const files = result.ok ? await listTree(out) : []

      if (update) {
        await mkdir(expected, {recursive: true})
        await writeFile(join(expected, 'messages.txt'), messages)
        if (result.ok) await writeFile(join(expected, 'files.txt'), `${files.join('\n')}\n`)
        for (const page of existsSync(join(expected, 'dist'))
          ? await listTree(join(expected, 'dist'))
          : []) {
          await writeFile(join(expected, 'dist', page), await readFile(join(out, page)))
        }
        return
      }

      expect(messages).toBe(await readFile(join(expected, 'messages.txt'), 'utf8'))
      const filesPath = join(expected, 'files.txt')
      if (existsSync(filesPath)) {
        expect(result.ok, 'the build should succeed').toBe(true)
        expect(`${files.join('\n')}\n`).toBe(await readFile(filesPath, 'utf8'))
      } else {
        expect(result.ok, 'the build should fail').toBe(false)
        expect(existsSync(out), 'a failed build writes nothing').toBe(false)
      }
      for (const page of existsSync(join(expected, 'dist'))
        ? await listTree(join(expected, 'dist'))
        : []) {
        expect(await readFile(join(out, page), 'utf8'), page).toBe(
          await readFile(join(expected, 'dist', page), 'utf8')
        )
      }
    })
  }
})
