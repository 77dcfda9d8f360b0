/**
 * The Nu HTML Checker (vnu-jar, on the machine's Java) over every page of
 * the real archive, of the fixture sites and of a generated archive of 30
 * issues: valid HTML, no error, no warning.
 */
import {execFile} from 'node:child_process'
import {readdir} from 'node:fs/promises'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {generateArchive} from '../scripts/generate-archive.ts'
import {build} from '../src/engine/build.ts'
import {temporaryFolder} from './helpers/site.ts'

const run = promisify(execFile)
const root = fileURLToPath(new URL('..', import.meta.url))
const vnu = (createRequire(import.meta.url)('vnu-jar') as string).toString()
let scratch: {path: string; remove: () => Promise<void>}

beforeAll(async () => {
  scratch = await temporaryFolder()
})
afterAll(() => scratch.remove())

describe('HTML validity', () => {
  it('every page of the archive and of the fixture sites passes the Nu HTML Checker', async () => {
    const sites = [join(root, 'content')]
    for (const name of await readdir(join(root, 'tests', 'fixtures')))
      sites.push(join(root, 'tests', 'fixtures', name, 'content'))
    // Enough issues for the list's pages to link to newer and older ones.
    await generateArchive(30, join(scratch.path, 'generated'))
    sites.push(join(scratch.path, 'generated'))
    const built: string[] = []
    for (const [index, content] of sites.entries()) {
      const out = join(scratch.path, String(index))
      if ((await build({content, out, cwd: root, drafts: true})).ok) built.push(out)
    }
    expect(built.length).toBeGreaterThan(5)

    const {stdout, stderr} = await run(
      'java',
      ['-jar', vnu, '--format', 'json', '--skip-non-html', '--exit-zero-always', ...built],
      {maxBuffer: 64 * 1024 * 1024}
    )
    const report = JSON.parse(stderr || stdout) as {
      messages: {type: string; url?: string; message: string; extract?: string}[]
    }
    const problems = report.messages.map(
      (message) =>
        `${message.type}: ${message.url?.replace(scratch.path, '') ?? ''}: ${message.message}`
    )
    expect(problems).toEqual([])
  }, 180_000)
})
