import {describe, expect, it} from 'vitest'
import {issueUrl, mediaUrl, outputPath, relativeUrl} from '../src/model/routes.ts'
import {createFormatter} from '../src/model/i18n.ts'

describe('routes', () => {
  it('names issue pages in each language', () => {
    expect(issueUrl('fr', 12)).toBe('/fr/numeros/12/')
    expect(issueUrl('en', 12)).toBe('/en/issues/12/')
    expect(mediaUrl(3, 'img/note de service.pdf')).toBe('/media/3/img/note%20de%20service.pdf')
  })

  it('maps URLs to files', () => {
    expect(outputPath('/')).toBe('index.html')
    expect(outputPath('/fr/numeros/1/')).toBe('fr/numeros/1/index.html')
    expect(outputPath('/media/3/note%20de%20service.pdf')).toBe('media/3/note de service.pdf')
  })

  it('makes links relative to the page', () => {
    expect(relativeUrl('/fr/numeros/1/', '/en/issues/1/')).toBe('../../../en/issues/1/')
    expect(relativeUrl('/fr/numeros/1/', '/fr/numeros/2/#dnum')).toBe('../2/#dnum')
    expect(relativeUrl('/fr/numeros/1/', '/fr/numeros/1/#dnum')).toBe('#dnum')
    expect(relativeUrl('/fr/numeros/1/', '/fr/numeros/1/')).toBe('./')
    expect(relativeUrl('/', '/fr/')).toBe('fr/')
    expect(relativeUrl('/fr/', '/')).toBe('../')
    expect(relativeUrl('/fr/', '/assets/style.css')).toBe('../assets/style.css')
    expect(relativeUrl('/fr/', 'https://example.org/')).toBe('https://example.org/')
    expect(relativeUrl('/fr/', '//example.org/')).toBe('//example.org/')
  })
})

describe('formatter', () => {
  it('writes dates in each language, whatever the zone and locale of the machine', () => {
    const fr = createFormatter('fr')
    const en = createFormatter('en')
    expect(process.env.TZ).toBe('Pacific/Kiritimati')
    expect(fr.date('2020-04-02')).toBe('2 avril 2020')
    expect(fr.date('2020-04-01')).toBe('1er avril 2020')
    expect(en.date('2020-04-01')).toBe('1 April 2020')
    expect(en.date('2020-12-31')).toBe('31 December 2020')
    expect(fr.number(43000)).toBe('43\u202f000')
    expect(en.number(43000)).toBe('43,000')
    expect(fr.languageName('en')).toBe('anglais')
  })
})
