import {describe, expect, it} from 'vitest'
import {parseMessages} from '../src/model/i18n.ts'
import {exportIndex, indexEntryText} from '../src/stages/export.ts'
import {parseConfig} from '../src/model/config.ts'
import {VFile} from 'vfile'
import {readFileSync} from 'node:fs'

const config = parseConfig(
  new VFile({
    path: 'site.yml',
    value:
      'title: {fr: Lettre, en: Letter}\nlanguages: [fr, en]\ndirectorates:\n  - {code: DNUM, name: {fr: Numérique, en: Digital}}\n'
  })
)
const messages = parseMessages(
  new VFile({path: 'fr.yml', value: readFileSync('layouts/messages/fr.yml', 'utf8')})
)

describe('the JSON index', () => {
  it('is the bytes of the whole document serialized at once, from entries serialized apart', () => {
    if (!config || !messages) throw new Error('The test configuration does not parse')
    const entries = [
      {number: 1, title: 'Un « titre »\nsur deux lignes', directorates: ['DNUM'], empty: []},
      {number: 2, nested: {list: [{a: 1}, {}], text: 'x'}, directorates: []}
    ]
    for (const some of [entries, entries.slice(0, 1), []]) {
      const made = exportIndex(config, 'fr', some.map(indexEntryText), messages)
      const whole = JSON.parse(made) as {issues: unknown[]}
      expect(whole.issues).toEqual(some)
      expect(made).toBe(`${JSON.stringify(whole, null, 2)}\n`)
    }
  })
})
