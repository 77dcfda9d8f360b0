/**
 * The front matters in the disk cache: a file whose text is the same is not
 * parsed again, and gives the front matter and the messages of a fresh
 * parse; a changed text, an unsound entry or a part that no longer fits is
 * parsed again.
 */
import {describe, expect, it} from 'vitest'
import {
  readMatterShards,
  reviveMatters,
  storeMatters,
  unpackMatter,
  writeMatterShards,
  type ReadMatterShards
} from '../src/engine/matter-cache.ts'
import {defaultLayouts, loadSources} from '../src/stages/load.ts'
import {assembleArchive, type MatterCache} from '../src/stages/read-archive.ts'
import {fixtureContent} from './helpers/site.ts'

/** The fixture's issue files after the archive stage, with `matters` as the cache. */
async function assembled(fixture: string, matters?: MatterCache, edit?: (text: string) => string) {
  const sources = await loadSources({
    content: fixtureContent(fixture),
    layouts: defaultLayouts,
    cwd: process.cwd()
  })
  if (edit) {
    const file = sources.issues[0]!
    file.value = edit(String(file.value))
  }
  assembleArchive(sources, false, matters)
  return sources.issues.map((file) => ({
    path: file.path,
    matter: file.data.matter,
    messages: file.messages.map((message) => [
      message.reason,
      message.line,
      message.column,
      message.ruleId
    ])
  }))
}

/** A cache as the next process reads it: stored, serialized, read back. */
function throughDisk(matters: MatterCache): MatterCache {
  return reviveMatters(structuredClone(storeMatters(matters)))
}

describe('the front matters in the disk cache', () => {
  for (const fixture of ['valid-site', 'field-errors', 'section-errors', 'missing-translation'])
    it(`give the front matters and messages of a fresh parse (${fixture})`, async () => {
      const matters: MatterCache = new Map()
      const fresh = await assembled(fixture, matters)
      const revived = throughDisk(matters)
      expect(revived.size).toBe(matters.size)
      expect([...revived.values()].every((entry) => entry.value === undefined)).toBe(true)
      expect(await assembled(fixture, revived)).toEqual(fresh)
      // Every entry was taken: each now knows its text, none was made again.
      const taken = [...revived.values()]
      expect(taken.every((entry) => entry.value !== undefined && !entry.stored)).toBe(true)
    })

  it('store the archive’s Markdown by where it lies, not a second time', async () => {
    const matters: MatterCache = new Map()
    await assembled('valid-site', matters)
    const stored = storeMatters(matters)
    const parts = stored.flatMap(([, , , matter]) => [
      ...(matter?.intro ? [matter.intro] : []),
      ...(matter?.sections.map((section) => section.body) ?? [])
    ])
    expect(parts.length).toBeGreaterThanOrEqual(10)
    for (const part of parts) expect(part).not.toHaveProperty('value')
  })

  it('parse a changed text again', async () => {
    const matters: MatterCache = new Map()
    await assembled('valid-site', matters)
    const revived = throughDisk(matters)
    const edit = (text: string): string => text.replace(/^title: .*$/m, 'title: Un autre titre')
    const changed = await assembled('valid-site', revived, edit)
    expect(changed[0]!.matter?.fields.title).toBe('Un autre titre')
    expect(changed).toEqual(await assembled('valid-site', undefined, edit))
  })

  it('leave out unsound entries, and a part that does not fit in the text', async () => {
    expect(reviveMatters('nonsense').size).toBe(0)
    expect(
      reviveMatters([
        ['a', 'b'],
        [1, 2, 3, 4, 5],
        ['a', 'd', 'c', {fields: 1}, []]
      ]).size
    ).toBe(0)
    const matters: MatterCache = new Map()
    await assembled('valid-site', matters)
    const [path, digest, config, stored] = storeMatters(matters)[0]!
    expect(path && digest && config).toBeTruthy()
    expect(unpackMatter(stored!, 'too short')).toBeUndefined()
  })

  it('write again only the shard of a file parsed again', async () => {
    const disk = new Map<string, unknown>()
    const written: string[] = []
    const files = {
      read: async (name: string) => structuredClone(disk.get(name)),
      write: async (name: string, value: unknown) => {
        written.push(name)
        disk.set(name, structuredClone(value))
      },
      remove: async (name: string) => void disk.delete(name)
    }
    const matters: MatterCache = new Map()
    const fresh = await assembled('valid-site', matters)
    await writeMatterShards(files, matters, new Map())
    const shards = written.length
    expect(shards).toBeGreaterThan(1)

    const read: ReadMatterShards = new Map()
    const revived = await readMatterShards(files, read)
    expect(revived.size).toBe(matters.size)
    written.length = 0
    const edit = (text: string): string => text.replace(/^title: .*$/m, 'title: Un autre titre')
    await assembled('valid-site', revived, edit)
    await writeMatterShards(files, revived, read)
    expect(written).toHaveLength(1)

    const again = await readMatterShards(files, new Map())
    expect(await assembled('valid-site', again, edit)).toEqual(
      await assembled('valid-site', undefined, edit)
    )
    expect(fresh).not.toEqual(await assembled('valid-site', again, edit))
  })
})
