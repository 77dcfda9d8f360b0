import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {runBuilder, type BuilderReply, type BuilderRequest} from '../src/dev/builder.ts'
import {buildSite} from '../src/engine/build-site.ts'
import {fixtureCopy} from './helpers/site.ts'

let scratch: {path: string; content: string; remove: () => Promise<void>}
beforeEach(async () => {
  scratch = await fixtureCopy('valid-site')
})
afterEach(() => scratch.remove())

/** A builder in this process, and a way to ask it for a build. */
function startBuilder(): (paths?: string[]) => Promise<BuilderReply & {type: 'built'}> {
  let listener: ((request: BuilderRequest) => void) | undefined
  const waiting: ((reply: BuilderReply & {type: 'built'}) => void)[] = []
  const options = {content: 'content', out: 'dist', cwd: scratch.path, threads: 1}
  runBuilder(
    options,
    (heard) => (listener = heard),
    (reply) => {
      if (reply.type === 'built') waiting.shift()?.(reply)
    }
  )
  let id = 0
  return (paths) =>
    new Promise((done) => {
      waiting.push(done)
      listener?.({type: 'build', id: ++id, ...(paths ? {paths} : {})})
    })
}

describe("the dev server's builder", () => {
  it('answers a save with the pages it changed alone, as a fresh build makes them', async () => {
    const build = startBuilder()
    const first = await build()
    expect(first.ok).toBe(true)
    expect(Object.keys(first.changed).length).toBeGreaterThan(20)

    const path = join(scratch.content, 'issues', '2020-04-10', 'fr.md')
    await writeFile(path, `${await readFile(path, 'utf8')}\nUne phrase de plus.\n`)
    const reply = await build([path])
    expect(Object.keys(reply).sort()).toEqual(
      ['changed', 'id', 'milliseconds', 'ok', 'problems', 'removed', 'report', 'type'].sort()
    )
    const changed = Object.keys(reply.changed)
    expect(changed).toContain('fr/numeros/2/index.html')
    expect(changed.length).toBeLessThan(Object.keys(first.changed).length / 2)
    const fresh = await buildSite({content: 'content', out: 'dist', cwd: scratch.path})
    for (const [at, file] of Object.entries(reply.changed)) {
      const made = fresh.outputs.find((output) => output.path === at)
      expect('body' in file && String(file.body), at).toBe(String(made?.value))
    }
  })
})
