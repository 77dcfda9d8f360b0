import {describe, expect, it} from 'vitest'

// tests/helpers/setup.ts compares buffers with Buffer.equals: it must still tell them apart.
describe('buffer equality in tests', () => {
  it('finds equal bytes equal and others not', () => {
    expect(new Map([['a', Buffer.from('même')]])).toEqual(new Map([['a', Buffer.from('même')]]))
    expect(Buffer.from('masques')).not.toEqual(Buffer.from('masque'))
    expect(new Map([['a', Buffer.from('a')]])).not.toEqual(new Map([['a', Buffer.from('b')]]))
  })
})
