import fc from 'fast-check'
import {h} from 'hastscript'
import {describe, expect, it} from 'vitest'
import {frenchTypography, rehypeFrenchTypography} from '../src/markdown/rehype-french-typography.ts'

const narrow = '\u202f'
const noBreak = '\u00a0'

describe('French typography', () => {
  it('puts no-break spaces before ; : ! ? and inside « », narrow but before a colon', () => {
    expect(frenchTypography('Soyons solidaires ! Vraiment ? Oui ; enfin : non')).toBe(
      `Soyons solidaires${narrow}! Vraiment${narrow}? Oui${narrow}; enfin${noBreak}: non`
    )
    expect(frenchTypography('« Restez chez vous »')).toBe(`«${narrow}Restez chez vous${narrow}»`)
    expect(frenchTypography('«Restez»')).toBe(`«${narrow}Restez${narrow}»`)
    // A line break of the source is a space too: a line must not start with the sign.
    expect(frenchTypography('arrive\n!')).toBe(`arrive${narrow}!`)
  })

  it('leaves signs without a space before them as written: times, addresses, code-like text', () => {
    expect(frenchTypography('à 10:30, https://www.interieur.gouv.fr/?a=1, Attention!')).toBe(
      'à 10:30, https://www.interieur.gouv.fr/?a=1, Attention!'
    )
  })

  it('joins the groups of a number with narrow no-break spaces, and them only', () => {
    expect(frenchTypography('près de 43 000 agents et 1 250 000 masques')).toBe(
      `près de 43${narrow}000 agents et 1${narrow}250${narrow}000 masques`
    )
    expect(
      frenchTypography('en 2020 100 agents, le 2 avril 2020, décret n° 2020-412, 3,5 000')
    ).toBe('en 2020 100 agents, le 2 avril 2020, décret n° 2020-412, 3,5 000')
  })

  it('curls an apostrophe between letters', () => {
    expect(frenchTypography("Direction de l'évaluation, aujourd'hui, 'citation'")).toBe(
      "Direction de l’évaluation, aujourd’hui, 'citation'"
    )
  })

  it('changes nothing it already typeset', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-zé' «»;:!?\n0-9\u00a0\u202f]{0,40}$/), (text) => {
        const once = frenchTypography(text)
        expect(frenchTypography(once)).toBe(once)
      }),
      {seed: 14}
    )
  })

  it('typesets French text only, and never code', () => {
    const tree = {
      type: 'root' as const,
      children: [
        h('html', {lang: 'fr'}, [
          h('p', 'Bonjour !'),
          h('p', [h('code', 'a ? b : c')]),
          h('section', {lang: 'en'}, [h('p', 'Hello ! 43 000')]),
          h('section', {lang: 'fr'}, [h('p', 'Oui ?')])
        ])
      ]
    }
    rehypeFrenchTypography()(tree)
    const texts = JSON.stringify(tree)
    expect(texts).toContain(`Bonjour${narrow}!`)
    expect(texts).toContain('a ? b : c')
    expect(texts).toContain('Hello ! 43 000')
    expect(texts).toContain(`Oui${narrow}?`)
    const english = {
      type: 'root' as const,
      children: [h('html', {lang: 'en'}, [h('p', 'Hello !')])]
    }
    rehypeFrenchTypography()(english)
    expect(JSON.stringify(english)).toContain('Hello !')
  })
})
