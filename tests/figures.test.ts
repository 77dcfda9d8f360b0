import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {compareFigures, figuresOf} from '../src/stages/figures.ts'

const values = (text: string, lang: 'fr' | 'en'): string[] =>
  figuresOf(text, lang).map((figure) => figure.value)

describe('figuresOf', () => {
  it('reads each language’s way of writing a figure as the same value', () => {
    expect(values('43 000 agents, 43 000 et 43\u202F000', 'fr')).toEqual(['43000'])
    expect(values('43,000 staff', 'en')).toEqual(['43000'])
    expect(values('1,5 million, 15 %', 'fr')).toEqual(['1.5', '15'])
    expect(values('1.5 million, 15%', 'en')).toEqual(['1.5', '15'])
    expect(values('le 02/04/2020', 'fr')).toEqual(['2', '4', '2020'])
    expect(values('on 04/02/2020', 'en')).toEqual(['4', '2', '2020'])
  })

  it('reads times as one figure', () => {
    expect(values('à 14 h 30, puis 9 h et 18h', 'fr')).toEqual(['14:30', '9:00', '18:00'])
    expect(values('at 2:30 pm, then 9 am and 18:00', 'en')).toEqual(['14:30', '9:00', '18:00'])
    expect(values('2 heures', 'fr')).toEqual(['2'])
    expect(values('un titre h2, un format A4, le G7', 'fr')).toEqual([])
  })

  it('leaves out the digits of code, addresses and link destinations', () => {
    const text = 'Voir [le guide 2](https://example.org/2021/guide-5) et `v3`, ou <https://x.fr/9>.'
    expect(values(text, 'fr')).toEqual(['2'])
    expect(values('Écrire à agent42@interieur.gouv.fr', 'fr')).toEqual([])
  })

  it('finds the same figures in any number written both ways', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: 999_999_999}), fc.integer({min: 0, max: 99}), (n, d) => {
        const fr = `${n.toLocaleString('fr-FR')},${String(d).padStart(2, '0')}`
        const en = `${n.toLocaleString('en-GB')}.${String(d).padStart(2, '0')}`
        expect(values(fr, 'fr')).toEqual(values(en, 'en'))
      })
    )
  })
})

describe('compareFigures', () => {
  it('gives what each side lacks, as each writes it', () => {
    const original = figuresOf('43 000 agents et 1 200 postes', 'fr')
    const translation = figuresOf('43,000 staff on 35 sites', 'en')
    expect(compareFigures(original, translation)).toEqual({missing: ['1 200'], added: ['35']})
    expect(compareFigures(original, original)).toEqual({missing: [], added: []})
  })
})
