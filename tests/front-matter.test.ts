import matter from 'gray-matter'
import {VFile} from 'vfile'
import {describe, expect, it} from 'vitest'
import {isCalendarDate, parseIssueFile} from '../src/stages/front-matter.ts'
import {scanSections} from '../src/stages/section-lines.ts'
import type {SiteConfig} from '../src/model/types.ts'

const config: SiteConfig = {
  title: {fr: 'T', en: 'T'},
  languages: ['fr', 'en'],
  rawHtml: false,
  directorates: [
    {code: 'DNUM', name: {fr: 'N', en: 'D'}},
    {code: 'DRH', name: {fr: 'R', en: 'H'}}
  ]
}

function parse(value: string): VFile {
  const file = new VFile({path: 'fr.md', value})
  file.data.source = {folder: 'a', lang: 'fr', assets: new Map()}
  parseIssueFile(file, config)
  return file
}

describe('parseIssueFile', () => {
  it('reads fields, introduction and sections with their lines', () => {
    const file = parse(
      [
        '---',
        'issue: 3',
        'date: 2020-04-09',
        'title: Titre',
        '---',
        'Intro.',
        '',
        '---DNUM',
        'title: Un',
        '---',
        'Corps **un**.',
        '',
        '---DRH',
        'title: Deux',
        '---',
        'Corps deux.',
        ''
      ].join('\n')
    )
    expect(file.messages).toEqual([])
    const result = file.data.matter
    expect(result?.fields).toEqual({issue: 3, date: '2020-04-09', title: 'Titre', draft: false})
    expect(result?.intro).toEqual({value: 'Intro.\n', line: 6})
    expect(
      result?.sections.map((section) => [
        section.code,
        section.id,
        section.title,
        section.body.line,
        section.position.start.line
      ])
    ).toEqual([
      ['DNUM', 'dnum', 'Un', 11, 8],
      ['DRH', 'drh', 'Deux', 16, 13]
    ])
    expect(result?.sections[0]?.body.value).toBe('Corps **un**.\n')
  })

  it('numbers repeated directorates and keeps explicit ids', () => {
    const file = parse(
      [
        '---',
        'title: T',
        '---',
        '---DRH',
        'title: A',
        '---',
        '---DRH',
        'title: B',
        '---',
        '---DRH',
        'title: C',
        'id: autre',
        '---',
        '---DRH',
        'title: D',
        '---'
      ].join('\n')
    )
    expect(file.data.matter?.sections.map((section) => section.id)).toEqual([
      'drh',
      'drh-2',
      'autre',
      'drh-4'
    ])
  })

  it('keeps a date as written, whatever the time zone', () => {
    expect(parse('---\ndate: 2020-04-01\ntitle: T\n---\n').data.matter?.fields.date).toBe(
      '2020-04-01'
    )
  })

  it('reports YAML errors at their line in the file', () => {
    const file = parse('---\ntitle: T\n---\n\n---DNUM\ntitle: [a\n---\nx\n')
    expect(file.messages.map((message) => [message.line, message.ruleId])).toEqual([
      [6, 'yaml-bad-indent']
    ])
  })
})

describe('scanSections', () => {
  const cases = {
    'thematic breaks in bodies':
      '---DNUM\ntitle: a\n---\ntext\n\n---\n\nmore\n---DRH\ntitle: b\n---\nend',
    'four and five dashes': '---DNUM\ntitle: a\n---\n----\n-----\n---DRH\ntitle: b\n---\n',
    'indented delimiter': 'intro\n  ---DNUM\ntitle: a\n---\nbody',
    'no sections': 'just text\n---\nmore',
    'a bare delimiter first': '---\ntitle: a\n---\nbody',
    'an unclosed section': '---DNUM\ntitle: a\n---DRH\ntitle: b\n---\nbody'
  }
  for (const [name, content] of Object.entries(cases)) {
    it(`finds the sections gray-matter finds: ${name}`, () => {
      const expected = (
        matter as unknown as (
          input: string,
          options: object
        ) => {sections: {key: string; content: string}[]}
      )(`---\ntitle: t\n---\n${content}`, {
        sections: true
      }).sections
      const found = scanSections(content, 4)
      expect(found.map((section) => section.key)).toEqual(expected.map((section) => section.key))
      const lines = content.split('\n')
      for (const [index, section] of found.entries()) {
        if (section.close === undefined || section.unexpected !== undefined) continue
        const body = expected[index]?.content ?? ''
        expect(
          lines
            .slice(section.body - 4)
            .join('\n')
            .startsWith(body),
          `body of ${section.key}`
        ).toBe(true)
      }
    })
  }
})

describe('isCalendarDate', () => {
  it('accepts real dates and refuses the others', () => {
    expect(['2020-04-02', '2020-02-29', '2000-02-29'].map(isCalendarDate)).toEqual([
      true,
      true,
      true
    ])
    expect(
      ['2020-02-30', '2019-02-29', '2020-13-01', '2020-4-2', '2020-04-02T00:00'].map(isCalendarDate)
    ).toEqual([false, false, false, false, false])
  })
})
