/**
 * The front matters as steps of the store: a file whose text and
 * configuration are the same is not parsed again, in the same process or
 * (through the disk layer) in the next, and gives the front matter and the
 * messages of a fresh parse; a changed text or unsound data is parsed again.
 */
import {describe, expect, it} from 'vitest'
import {createStore, type Persisted, type StepRecord, type Store} from '../src/engine/store.ts'
import {readValueShards, writeValueShards, type ReadValues} from '../src/engine/value-shards.ts'
import {frontMatterQueries, frontMatters} from '../src/stages/front-matter-step.ts'
import {defaultLayouts, loadSources} from '../src/stages/load.ts'
import {assembleArchive} from '../src/stages/read-archive.ts'
import {configInput} from '../src/stages/site-steps.ts'
import {fixtureContent} from './helpers/site.ts'

const retitle = (text: string): string => text.replace(/^title: .*$/m, 'title: Un autre titre')

function storeWith(records: StepRecord[] = []): Store {
  return createStore({code: 'test', queries: [...frontMatterQueries, configInput], records})
}

/** The fixture's issue files after the archive stage, front matters from `store` if given. */
async function assembled(fixture: string, store?: Store, edit?: (text: string) => string) {
  const sources = await loadSources({
    content: fixtureContent(fixture),
    layouts: defaultLayouts,
    cwd: process.cwd()
  })
  if (edit) {
    const file = sources.issues[0]!
    file.value = edit(String(file.value))
  }
  store?.advance()
  assembleArchive(
    sources,
    false,
    store ? (config, files) => frontMatters(store, config, files) : undefined
  )
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

/** What the next process reads back of a store's persisted values. */
function throughDisk(persisted: readonly Persisted[]): StepRecord[] {
  return structuredClone(persisted.map(({record, data}) => ({...record, data: data()})))
}

describe('the front matters as steps of the store', () => {
  for (const fixture of ['valid-site', 'field-errors', 'section-errors', 'missing-translation'])
    it(`give the front matters and messages of a fresh parse, through the disk too (${fixture})`, async () => {
      const fresh = await assembled(fixture)
      const store = storeWith()
      expect(await assembled(fixture, store)).toEqual(fresh)
      const records = throughDisk(store.persisted())
      expect(records.length).toBe(fresh.filter((file) => file.path.endsWith('.md')).length)
      const next = storeWith(records)
      expect(await assembled(fixture, next)).toEqual(fresh)
      // Every value was taken from its data, none was parsed again.
      const data = new Map(records.map((record) => [record.id, record.data]))
      for (const {record, data: again} of next.persisted())
        expect(again()).toBe(data.get(record.id))
    })

  it('keep a value from one revision to the next while the text is the same', async () => {
    const store = storeWith()
    const first = await assembled('valid-site', store)
    const second = await assembled('valid-site', store, retitle)
    expect(second[0]!.matter?.fields.title).toBe('Un autre titre')
    expect(second[1]!.matter).toBe(first[1]!.matter)
    expect(second[0]!.matter).not.toBe(first[0]!.matter)
  })

  it('store the archive’s Markdown by where it lies, not a second time', async () => {
    const store = storeWith()
    await assembled('valid-site', store)
    const parts = throughDisk(store.persisted()).flatMap(({data}) => {
      const [matter] = data as [{intro?: object; sections: {body: object}[]} | null]
      return [
        ...(matter?.intro ? [matter.intro] : []),
        ...(matter?.sections ?? []).map((s) => s.body)
      ]
    })
    expect(parts.length).toBeGreaterThanOrEqual(10)
    for (const part of parts) expect(part).not.toHaveProperty('value')
  })

  it('parse a changed text again', async () => {
    const store = storeWith()
    await assembled('valid-site', store)
    const changed = await assembled(
      'valid-site',
      storeWith(throughDisk(store.persisted())),
      retitle
    )
    expect(changed[0]!.matter?.fields.title).toBe('Un autre titre')
    expect(changed).toEqual(await assembled('valid-site', undefined, retitle))
  })

  it('parse again a file whose data is unsound, or does not fit its text', async () => {
    const store = storeWith()
    const fresh = await assembled('valid-site', store)
    const records = throughDisk(store.persisted())
    const [matter] = records[1]!.data as [{sections: {body: unknown}[]}]
    matter.sections[0]!.body = {line: 1, length: 10_000_000}
    const tampered = [{...records[0]!, data: 'nonsense'}, ...records.slice(1)]
    const next = storeWith(tampered)
    expect(await assembled('valid-site', next)).toEqual(fresh)
    const again = new Map(next.persisted().map(({record, data}) => [record.id, data()]))
    expect(again.get(records[0]!.id)).not.toBe('nonsense')
    expect(again.get(records[1]!.id)).not.toBe(records[1]!.data)
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
    const store = storeWith()
    await assembled('valid-site', store)
    await writeValueShards(files, store.persisted(), new Map())
    expect(written.length).toBeGreaterThan(1)

    const read: ReadValues = new Map()
    const next = storeWith(await readValueShards(files, read))
    written.length = 0
    await assembled('valid-site', next, retitle)
    await writeValueShards(files, next.persisted(), read)
    expect(written).toHaveLength(1)

    const again = storeWith(await readValueShards(files, new Map()))
    expect(await assembled('valid-site', again, retitle)).toEqual(
      await assembled('valid-site', undefined, retitle)
    )
  })
})
