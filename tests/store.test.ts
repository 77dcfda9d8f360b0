import {describe, expect, it} from 'vitest'
import {createStore, input, step, type StepRecord} from '../src/engine/store.ts'

const word = input<string, string>('word')

/** Steps that count their runs. */
function counted() {
  const runs: string[] = []
  const length = step('length', (read, key: string) => {
    runs.push(`length ${key}`)
    return (read(word, key) ?? '').length
  })
  const total = step(
    'total',
    (read, keys: string[]) => {
      runs.push('total')
      return keys.reduce((sum, key) => sum + read(length, key), 0)
    },
    {fingerprint: 'inputs'}
  )
  const shout = step('shout', (read, key: string) => {
    runs.push(`shout ${key}`)
    return (read(word, key) ?? '').toUpperCase()
  })
  return {runs, length, total, shout}
}

describe('the store', () => {
  it('runs a step again only when something it read changed, and cuts off at equal values', () => {
    const {runs, length, total} = counted()
    const store = createStore({code: 'v1', queries: [word, length, total]})
    store.set(word, 'a', 'one', 'one')
    store.set(word, 'b', 'three', 'three')
    expect(store.get(total, ['a', 'b'])).toBe(8)
    expect(runs.splice(0)).toEqual(['total', 'length a', 'length b'])

    store.advance()
    expect(store.get(total, ['a', 'b'])).toBe(8)
    expect(runs.splice(0)).toEqual([])

    // Same length: `length a` runs, `total` does not.
    store.advance()
    store.set(word, 'a', 'two', 'two')
    expect(store.get(total, ['a', 'b'])).toBe(8)
    expect(runs.splice(0)).toEqual(['length a'])
    expect(store.changed(length, 'a')).toBe(false)

    store.advance()
    store.set(word, 'b', 'four', 'four')
    expect(store.get(total, ['a', 'b'])).toBe(7)
    expect(runs.splice(0)).toEqual(['length b', 'total'])
    expect(store.changed(total, ['a', 'b'])).toBe(true)
  })

  it('takes a value no change reached as it is, and keeps what it read across sweeps', () => {
    const {runs, length, total} = counted()
    const store = createStore({code: 'v1', queries: [word, length, total]})
    store.set(word, 'a', 'one', 'one')
    store.set(word, 'b', 'three', 'three')
    expect(store.get(total, ['a', 'b'])).toBe(8)
    runs.splice(0)
    // Nothing changed: `total` holds without a look at the lengths, which stay for later.
    store.advance()
    expect(store.get(total, ['a', 'b'])).toBe(8)
    store.sweep()
    expect(store.has(length, 'a')).toBe(true)
    expect(runs).toEqual([])
    // A change reaches `total` through `length a`, whose value is the same: cut off there.
    store.advance()
    store.set(word, 'a', 'two', 'two')
    expect(store.get(total, ['a', 'b'])).toBe(8)
    expect(runs.splice(0)).toEqual(['length a'])
    store.advance()
    store.set(word, 'b', 'seven', 'seven')
    expect(store.get(total, ['a', 'b'])).toBe(8)
    expect(runs.splice(0)).toEqual(['length b'])
    store.advance()
    store.set(word, 'b', 'eleven', 'eleven')
    expect(store.get(total, ['a', 'b'])).toBe(9)
    expect(runs.splice(0)).toEqual(['length b', 'total'])
  })

  it('drops a released value but keeps its record, and runs the step again when asked', () => {
    const {runs, shout} = counted()
    const store = createStore({code: 'v1', queries: [word, shout]})
    store.set(word, 'a', 'one', 'one')
    expect(store.get(shout, 'a')).toBe('ONE')
    store.release(shout, 'a')
    expect(store.has(shout, 'a')).toBe(true)
    expect(store.records()).toEqual([
      expect.objectContaining({id: 'shout "a"', deps: [['word "a"', 'one']]})
    ])
    runs.splice(0)
    expect(store.get(shout, 'a')).toBe('ONE')
    expect(runs).toEqual(['shout a'])
    expect(store.changed(shout, 'a')).toBe(true)
    store.advance()
    expect(store.changed(shout, 'a')).toBe(false)
  })

  it('sees a removed input as undefined, and forgets what was not asked for', () => {
    const {length, shout} = counted()
    const store = createStore({code: 'v1', queries: [word, length, shout]})
    store.set(word, 'a', 'one', 'one')
    store.set(word, 'b', 'two', 'two')
    expect(store.get(shout, 'a')).toBe('ONE')
    expect(store.args(word)).toEqual(['a', 'b'])
    store.advance()
    store.remove(word, 'a')
    expect(store.get(shout, 'a')).toBe('')
    expect(store.args(word)).toEqual(['b'])
    expect(store.peek(word, 'a')).toBeUndefined()
    expect(store.peek(word, 'b')).toBe('two')
    store.advance()
    store.get(length, 'a')
    store.sweep()
    expect(store.has(shout, 'a')).toBe(false)
    expect(store.has(length, 'a')).toBe(true)
  })

  it('keeps a lasting value across a sweep of a revision that did not ask for it', () => {
    const {length} = counted()
    const indexed = step('indexed', (read, key: string) => `${read(word, key)} indexed`, {
      lasting: true
    })
    const store = createStore({code: 'v1', queries: [word, length, indexed]})
    store.set(word, 'a', 'one', 'one')
    store.get(indexed, 'a')
    store.get(length, 'a')
    store.advance()
    store.sweep()
    expect(store.has(length, 'a')).toBe(false)
    expect(store.has(indexed, 'a')).toBe(true)
    expect(store.holds(indexed, 'a')).toBe(true)
  })

  it('revives a record of another process only when its dependencies and the code are the same', () => {
    const make = (code: string, records: StepRecord[] = []) => {
      const {runs, shout} = counted()
      const revivable = step('shout', shout.run, {
        revive: (fingerprint) => `revived ${fingerprint}`
      })
      const store = createStore({code, queries: [word, revivable], records})
      return {runs, store, shout: revivable}
    }
    const first = make('v1')
    first.store.set(word, 'a', 'one', 'one')
    first.store.set(word, 'b', 'two', 'two')
    first.store.get(first.shout, 'a')
    first.store.get(first.shout, 'b')
    const records = first.store.records()
    expect(records).toHaveLength(2)

    const second = make('v1', records)
    second.store.set(word, 'a', 'one', 'one')
    second.store.set(word, 'b', 'deux', 'deux')
    expect(second.store.get(second.shout, 'a')).toMatch(/^revived /)
    expect(second.store.get(second.shout, 'b')).toBe('DEUX')
    expect(second.runs).toEqual(['shout b'])

    const other = make('v2', records)
    other.store.set(word, 'a', 'one', 'one')
    expect(other.store.get(other.shout, 'a')).toBe('ONE')
  })

  it('revives only the fingerprint of a step without a revive hook, and runs it when a reader must run', () => {
    const make = (records: StepRecord[] = []) => {
      const {runs, length} = counted()
      const sum = step(
        'sum',
        (read, keys: string[]) => {
          runs.push('sum')
          return keys.reduce((total, key) => total + read(length, key), 0)
        },
        {fingerprint: String, revive: Number}
      )
      const store = createStore({code: 'v1', queries: [word, length, sum], records})
      return {runs, store, sum, length}
    }
    const first = make()
    first.store.set(word, 'a', 'one', 'one')
    first.store.set(word, 'b', 'three', 'three')
    expect(first.store.get(first.sum, ['a', 'b'])).toBe(8)
    const records = first.store.records()
    expect(records.map((record) => record.id).sort()).toEqual([
      'length "a"',
      'length "b"',
      'sum ["a","b"]'
    ])

    // Nothing changed: the lengths' recorded fingerprints verify the sum, and none runs.
    const same = make(records)
    same.store.set(word, 'a', 'one', 'one')
    same.store.set(word, 'b', 'three', 'three')
    expect(same.store.get(same.sum, ['a', 'b'])).toBe(8)
    expect(same.runs).toEqual([])

    // One word changed: the sum runs, and reads the other length, which runs then.
    const changed = make(records)
    changed.store.set(word, 'a', 'one', 'one')
    changed.store.set(word, 'b', 'eleven', 'eleven')
    expect(changed.store.get(changed.sum, ['a', 'b'])).toBe(9)
    expect(changed.runs.sort()).toEqual(['length a', 'length b', 'sum'])
  })

  it('records exactly what a step read: a forgotten dependency leaves a stale value', () => {
    const {length} = counted()
    const forgetful = createStore({
      code: 'v1',
      queries: [word, length],
      forget: (id) => id.startsWith('word ')
    })
    forgetful.set(word, 'a', 'one', 'one')
    expect(forgetful.get(length, 'a')).toBe(3)
    forgetful.advance()
    forgetful.set(word, 'a', 'three', 'three')
    expect(forgetful.get(length, 'a')).toBe(3)
  })

  it('keeps a persisted value with its record, and takes it back only when the record holds and its data is sound', () => {
    const runs: string[] = []
    const echo = step(
      'echo',
      (read, key: string) => {
        runs.push(key)
        return {text: read(word, key) ?? ''}
      },
      {
        persist: {
          save: (value) => value.text,
          load: (data, key, peek) =>
            typeof data === 'string' && data === peek(word, key) ? {text: data} : undefined
        }
      }
    )
    const made = (code: string, records: StepRecord[] = []) => {
      const store = createStore({code, queries: [word, echo], records})
      store.set(word, 'a', 'one', 'one')
      store.set(word, 'b', 'two', 'two')
      return store
    }
    const first = made('v1')
    expect(first.get(echo, 'a')).toEqual({text: 'one'})
    expect(first.get(echo, 'b')).toEqual({text: 'two'})
    // Persisted steps have their records apart, with their data.
    expect(first.records()).toEqual([])
    const saved = first.persisted().map(({record, data}) => ({...record, data: data()}))
    expect(saved.map((record) => [record.id, record.data])).toEqual([
      ['echo "a"', 'one'],
      ['echo "b"', 'two']
    ])
    runs.length = 0

    const next = made('v1', saved)
    expect(next.get(echo, 'a')).toEqual({text: 'one'})
    expect(runs).toEqual([])
    // Taken back, it gives the very data it came from.
    expect(
      next
        .persisted()
        .find(({record}) => record.id === 'echo "a"')
        ?.data()
    ).toBe('one')

    // Another code, another input, data that does not load: the step runs.
    expect(made('v2', saved).get(echo, 'a')).toEqual({text: 'one'})
    const changed = createStore({code: 'v1', queries: [word, echo], records: saved})
    changed.set(word, 'a', 'uno', 'uno')
    expect(changed.get(echo, 'a')).toEqual({text: 'uno'})
    const unsound = saved.map((record) => ({...record, data: 42}))
    expect(made('v1', unsound).get(echo, 'b')).toEqual({text: 'two'})
    expect(runs).toEqual(['a', 'a', 'b'])
  })

  it('verifies a stale value by the reads a change came through, in the order it read them', () => {
    const items = input<'', string[]>('items')
    const strict = step('strict', (read, key: string) => {
      const value = read(word, key)
      if (value === undefined) throw new Error(`No word ${key}`)
      return value.length
    })
    const each = step('each', (read, _: '') =>
      (read(items, '') ?? []).map((key) => read(strict, key))
    )
    const store = createStore({code: 'v1', queries: [word, items, strict, each]})
    store.set(word, 'a', 'one', 'one')
    store.set(word, 'b', 'three', 'three')
    store.set(items, '', ['a', 'b'], 'a b')
    expect(store.get(each, '')).toEqual([3, 5])

    // The word goes first, then the list: the list, read first, says the word is no longer read.
    store.advance()
    store.remove(word, 'b')
    store.set(items, '', ['a'], 'a')
    expect(store.get(each, '')).toEqual([3])
  })

  it('refuses a step that reads itself', () => {
    const loop: ReturnType<typeof step<string, number>> = step('loop', (read, key: string) =>
      read(loop, key)
    )
    const store = createStore({code: 'v1', queries: [loop]})
    expect(() => store.get(loop, 'a')).toThrow(/reads itself/)
  })

  it('fingerprints a value made of other values by theirs, and still tells a change', () => {
    const card = step('card', (read, key: string) => ({
      key,
      text: `${read(word, key) ?? ''} `.repeat(50)
    }))
    const deck = step('deck', (read, keys: string[]) => keys.map((key) => read(card, key)), {
      fingerprint: 'parts'
    })
    const plain = step('plain', (read, keys: string[]) => keys.map((key) => read(card, key)))
    const store = createStore({code: 'v1', queries: [word, card, deck, plain]})
    store.set(word, 'a', 'one', 'one')
    store.set(word, 'b', 'two', 'two')
    const keys = ['a', 'b']
    store.get(deck, keys)
    store.get(plain, keys)
    const fingerprint = (query: typeof deck): string | undefined =>
      store.records().find((record) => record.id === `${query.name} ${JSON.stringify(keys)}`)
        ?.fingerprint
    const first = fingerprint(deck)
    // Not the value written out: each card by its fingerprint.
    expect(first).not.toBe(fingerprint(plain))

    store.advance()
    store.set(word, 'b', 'two', 'two')
    store.get(deck, keys)
    expect(fingerprint(deck)).toBe(first)
    expect(store.changed(deck, keys)).toBe(false)

    store.advance()
    store.set(word, 'b', 'deux', 'deux')
    expect(store.get(deck, keys)[1]?.text).toContain('deux')
    expect(fingerprint(deck)).not.toBe(first)
    expect(store.changed(deck, keys)).toBe(true)

    // The same cards in another order are another value.
    store.advance()
    store.get(deck, ['b', 'a'])
    expect(
      store.records().find((record) => record.id === `deck ${JSON.stringify(['b', 'a'])}`)
        ?.fingerprint
    ).not.toBe(fingerprint(deck))
  })
})
