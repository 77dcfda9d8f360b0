/**
 * Properties over generated input (fast-check), and a bounded fuzz run of
 * the parsers. Runs are seeded (`FUZZ_SEED`, 2020 by default) so that CI
 * sees the same cases; a case that fails is printed with its seed and path,
 * and kept in `tests/hostile/` as a fixture once fixed.
 */
import {readFileSync} from 'node:fs'
import {mkdir, readdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {Root} from 'hast'
import {toHtml} from 'hast-util-to-html'
import fc from 'fast-check'
import {VFile} from 'vfile'
import {afterAll, describe, expect, it} from 'vitest'
import type {Archive} from '../src/stages/archive.ts'
import {build} from '../src/engine/build.ts'
import {parseConfig} from '../src/model/config.ts'
import {parseIssueFile} from '../src/stages/front-matter.ts'
import {parseMessages} from '../src/model/i18n.ts'
import {createProcessor} from '../src/stages/render.ts'
import {scanSections} from '../src/stages/section-lines.ts'
import {unsafeParts} from './helpers/safety.ts'
import {readTree, temporaryFolder} from './helpers/site.ts'

const seed = Number(process.env.FUZZ_SEED ?? 2020)
const siteYml = readFileSync(new URL('hostile/site.yml', import.meta.url), 'utf8')
const config = parseConfig(new VFile({path: 'site.yml', value: siteYml}))
const messages = parseMessages(
  new VFile({
    path: 'fr.yml',
    value: readFileSync(new URL('../layouts/messages/fr.yml', import.meta.url), 'utf8')
  })
)
if (!config || !messages) throw new Error('The test configuration does not parse')
const scratch = await temporaryFolder()
afterAll(() => scratch.remove())

/** Pieces that have broken generators before: markup, URLs, YAML, delimiters. */
const hostile = fc.constantFrom(
  '<script>globalThis.bulletinPwned = 1</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '[x](javascript:alert(1))',
  '[x](JAVA&#x09;SCRIPT:alert(1))',
  '<vbscript:msgbox(1)>',
  '![x](data:image/svg+xml,<svg onload=alert(1)>)',
  '[r]: javascript:alert(1)',
  '## constructor',
  '## __proto__',
  '## location',
  '[a](../../../etc/passwd)',
  '[a](nul.pdf)',
  '```',
  '~~~',
  '---',
  '---DNUM\ntitle: Inséré\n---',
  '---js',
  '<!-- comment -->',
  '[^1]',
  '[^1]: note',
  '| a | b |\n| - | - |',
  '&#0;',
  '\u0000',
  '\u202e',
  'e\u0301'
)
const word = fc.string({
  minLength: 1,
  maxLength: 12,
  unit: fc.constantFrom(...'abcdéèçàôXYZ019 -_*#`[]()<>!:&;"\'\\/|'.split(''))
})
const line = fc.oneof(
  {weight: 8, arbitrary: word},
  {weight: 1, arbitrary: hostile},
  {weight: 1, arbitrary: fc.string({maxLength: 20})}
)
const body = fc.array(line, {maxLength: 12}).map((lines) => lines.join('\n'))
// Mostly quoted, so that many sites build and their pages get checked.
const field = fc.oneof(
  {weight: 6, arbitrary: fc.oneof(word, hostile).map((value) => JSON.stringify(value))},
  {
    weight: 1,
    arbitrary: fc.oneof(
      word,
      hostile,
      fc.constantFrom(
        '"',
        "'",
        '{',
        '[',
        '&a',
        '*a',
        '!!js/function',
        '<<: {}',
        '012',
        '1e3',
        '2020-02-30'
      )
    )
  }
)

/** An issue file: mostly well formed, with hostile fields, sections and Markdown. */
const issueFile = (issue: number) =>
  fc
    .record({
      title: field,
      summary: fc.option(field, {nil: undefined}),
      date: fc.oneof(
        {weight: 6, arbitrary: fc.constantFrom('2020-04-02', '2020-04-09', '2021-01-01')},
        {weight: 1, arbitrary: fc.constantFrom('2020-02-30', '2020-04-02T10:00:00Z')}
      ),
      intro: body,
      sections: fc.array(
        fc.record({
          code: fc.oneof(
            {weight: 8, arbitrary: fc.constantFrom('DNUM', 'DRH', 'PREF-75')},
            {weight: 1, arbitrary: fc.constantFrom('XYZ', 'js', '')}
          ),
          title: field,
          body
        }),
        {maxLength: 4}
      )
    })
    .map(({title, summary, date, intro, sections}) =>
      [
        '---',
        `issue: ${issue}`,
        `date: ${date}`,
        `title: ${title}`,
        ...(summary === undefined ? [] : [`summary: ${summary}`]),
        '---',
        intro,
        ...sections.map(
          (section) => `\n---${section.code}\ntitle: ${section.title}\n---\n${section.body}`
        )
      ].join('\n')
    )

describe('properties of a build over generated issues', () => {
  it('never throws, reports every problem at a place, writes only its output folder, emits no script, and gives the same bytes twice', async () => {
    let run = 0
    let built = 0
    await fc.assert(
      fc.asyncProperty(fc.tuple(issueFile(1), issueFile(2)), async ([first, second]) => {
        const root = join(scratch.path, `run-${run++}`)
        await mkdir(join(root, 'content', 'issues', 'a'), {recursive: true})
        await mkdir(join(root, 'content', 'issues', 'b'), {recursive: true})
        await writeFile(join(root, 'content', 'site.yml'), siteYml)
        await writeFile(join(root, 'content', 'issues', 'a', 'fr.md'), first)
        await writeFile(join(root, 'content', 'issues', 'b', 'fr.md'), second)

        const once = await build({content: 'content', out: 'one', cwd: root, search: false})
        await build({content: 'content', out: 'two', cwd: root, search: false})
        for (const file of once.files) {
          for (const message of file.messages) {
            if (message.fatal)
              expect(message.line, `${file.path}: ${message.reason}`).toBeGreaterThan(0)
          }
        }
        expect((globalThis as {bulletinPwned?: unknown}).bulletinPwned).toBeUndefined()
        expect((await readdir(root)).sort()).toEqual(
          once.ok ? ['content', 'one', 'two'] : ['content']
        )
        if (!once.ok) {
          if (process.env.FUZZ_DEBUG)
            console.log(
              once.files
                .flatMap((file) =>
                  file.messages
                    .filter((message) => message.fatal)
                    .map((message) => `${message.ruleId}: ${message.reason.slice(0, 80)}`)
                )
                .join('\n')
            )
          return
        }
        built++
        const pages = await readTree(join(root, 'one'))
        expect(await readTree(join(root, 'two'))).toEqual(pages)
        for (const [path, bytes] of pages)
          if (path.endsWith('.html')) expect(unsafeParts(bytes.toString()), path).toEqual([])
      }),
      {seed, numRuns: 40, interruptAfterTimeLimit: 20_000}
    )
    // The output checks must have had sites to check.
    expect(built).toBeGreaterThan(3)
  }, 60_000)
})

describe('fuzzing the parsers (bounded)', () => {
  const archive: Archive = {config, issues: [], targets: new Map()}
  const processor = createProcessor(archive, messages)
  const text = fc.oneof(
    fc.string({maxLength: 400}),
    fc.array(line, {maxLength: 30}).map((lines) => lines.join('\n')),
    issueFile(1)
  )

  it('the front matter and section parsers never throw, and place every error', () => {
    fc.assert(
      fc.property(text, (value) => {
        const file = new VFile({
          path: 'fr.md',
          value,
          data: {source: {folder: 'a', lang: 'fr', assets: new Map()}}
        })
        parseIssueFile(file, config)
        for (const message of file.messages)
          if (message.fatal) expect(message.line, message.reason).toBeGreaterThan(0)
        scanSections(value, 1)
      }),
      {seed, numRuns: 1500, interruptAfterTimeLimit: 10_000}
    )
  })

  it('the Markdown renderer never throws and never emits script', () => {
    fc.assert(
      fc.property(text, (value) => {
        const file = new VFile({
          path: 'fr.md',
          value,
          data: {idPrefix: 'dnum', source: {folder: 'a', lang: 'fr', assets: new Map()}}
        })
        const tree = processor.runSync(processor.parse(file), file) as Root
        expect(unsafeParts(`<!doctype html><title>x</title><body>${toHtml(tree)}`)).toEqual([])
      }),
      {seed, numRuns: 800, interruptAfterTimeLimit: 10_000}
    )
  })
})

describe('input at and past the bounds (depth, repetition, width)', () => {
  /** A construct, and what closes it when it nests. */
  const construct = fc.constantFrom<[string, string]>(
    ['>', ''],
    ['- ', ''],
    ['1. ', ''],
    ['*a ', ' a*'],
    ['_a ', ' a_'],
    ['**', '**'],
    ['[', '](u)'],
    ['[a](', ''],
    ['![', '](i.png)'],
    ['`', '`'],
    ['<a ', ''],
    ['~~', '~~'],
    ['[^', ']'],
    ['\\', '']
  )
  /** How the construct is repeated: nested on one line, repeated in one paragraph, indented, or as a table. */
  const shape = fc.constantFrom('nested', 'paragraph', 'indented', 'columns', 'rows', 'sections')
  const stress = fc
    .record({construct, shape, count: fc.integer({min: 1, max: 4000})})
    .map(({construct: [open, close], shape, count}) => {
      switch (shape) {
        case 'nested':
          return `${open.repeat(count)}x${close.repeat(count)}`
        case 'paragraph':
          return Array.from({length: count}, () => `${open}x${close}`).join('\n')
        case 'indented':
          return Array.from(
            {length: Math.min(count, 600)},
            (_, depth) => `${' '.repeat(2 * depth)}${open}x`
          ).join('\n')
        case 'columns':
          return `|${`${open}a|`.repeat(count)}\n|${'-|'.repeat(count)}\n|x|`
        case 'rows':
          return `|a|b|\n|-|-|\n${`|${open}x|y|\n`.repeat(count)}`
        default:
          return Array.from(
            {length: Math.min(count, 1500)},
            (_, index) => `---DNUM\nid: s${index}\ntitle: T\n---\n${open}x${close}\n`
          ).join('\n')
      }
    })

  it('every file gives a site or errors at their place, and never stops the others', async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(stress, async (markdown) => {
        const root = join(scratch.path, `bounds-${run++}`)
        await mkdir(join(root, 'content', 'issues', 'a'), {recursive: true})
        await mkdir(join(root, 'content', 'issues', 'b'), {recursive: true})
        await writeFile(join(root, 'content', 'site.yml'), siteYml)
        await writeFile(
          join(root, 'content', 'issues', 'a', 'fr.md'),
          `---\nissue: 1\ndate: 2020-04-02\ntitle: Un\n---\n${markdown}\n`
        )
        // A second file with an error of its own: it must be reported whatever the first does.
        await writeFile(
          join(root, 'content', 'issues', 'b', 'fr.md'),
          '---\nissue: 2\ndate: 2020-04-09\ntitle: Deux\n---\n[lien](javascript:alert(1))\n'
        )
        const result = await build({content: 'content', out: 'dist', cwd: root, search: false})
        expect(result.ok).toBe(false)
        const fatal = result.files.flatMap((file) =>
          file.messages
            .filter((message) => message.fatal)
            .map((message) => ({path: file.path, message}))
        )
        for (const {path, message} of fatal)
          expect(message.line, `${path}: ${message.reason}`).toBeGreaterThan(0)
        expect(fatal.some(({path}) => path.endsWith('b/fr.md'))).toBe(true)
      }),
      {seed, numRuns: 40, interruptAfterTimeLimit: 40_000}
    )
  }, 90_000)

  it('the bounds are what stops a file: just under them, it renders', async () => {
    const root = join(scratch.path, 'under-bounds')
    await mkdir(join(root, 'content', 'issues', 'a'), {recursive: true})
    await writeFile(join(root, 'content', 'site.yml'), siteYml)
    const under = [
      `${'> '.repeat(90)}quote`,
      `${'*a '.repeat(40)}x${' a*'.repeat(40)}`,
      Array.from({length: 450}, () => '[lien](https://example.org/)').join(' '),
      `|${'a|'.repeat(100)}\n|${'-|'.repeat(100)}\n|x|`,
      `|a|b|\n|-|-|\n${'|x|y|\n'.repeat(1990)}`
    ]
    await writeFile(
      join(root, 'content', 'issues', 'a', 'fr.md'),
      `---\nissue: 1\ndate: 2020-04-02\ntitle: Un\n---\n${under.join('\n\n')}\n`
    )
    const result = await build({content: 'content', out: 'dist', cwd: root, search: false})
    expect(
      result.files.flatMap((file) =>
        file.messages.filter((message) => message.fatal).map((message) => message.reason)
      )
    ).toEqual([])
    expect(result.ok).toBe(true)
  })
})
