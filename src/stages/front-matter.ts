/**
 * Front-matter stage: split an issue file with gray-matter into the issue's
 * fields, an optional introduction and its sections, and validate them.
 * Sets `file.data.matter` when the file is sound.
 */
import matter from 'gray-matter'
import {z} from 'zod'
import type {VFile} from 'vfile'
import {isDomGlobalName} from '../markdown/dom-globals.ts'
import {fail, hasErrors, list, warn} from '../model/message.ts'
import {scanSections} from './section-lines.ts'
import type {
  IssueFields,
  IssueMatter,
  MarkdownPart,
  Position,
  Section,
  SiteConfig
} from '../model/types.ts'
import {parseYaml, validate, type YamlBlock} from '../model/yaml.ts'

const bidiControls = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/
/** Characters that show as nothing: a title with one looks like another that has none. */
const invisibleCharacters = /[\u200B\u2060-\u2064\uFEFF\u00AD\u180E\u115F\u1160\u3164\uFFA0]/

// Control characters (a YAML `"\0"`, say) have no place in a title and break
// HTML; bidirectional controls can make a title read otherwise than it is
// written (U+202E turns `fdp.exe` into `exe.pdf`).
const text = z
  .string({error: 'expected text'})
  .trim()
  .min(1, {error: 'expected text'})
  .refine((value) => !/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(value), {
    error: 'expected text without control characters'
  })
  .refine((value) => !bidiControls.test(value), {
    error:
      'expected text without bidirectional controls (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C), which make text read otherwise than it is written'
  })

/** A section id: lowercase words joined by single hyphens (`--` is kept for ids inside articles). */
const sectionIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

const calendarDate = z
  .string({error: 'expected a date written YYYY-MM-DD, such as `2020-04-02`'})
  .regex(/^\d{4}-\d{2}-\d{2}$/, {
    error: 'expected a date written YYYY-MM-DD, such as `2020-04-02`',
    abort: true
  })
  // zod's ISO date knows the calendar, leap years included.
  .check(z.iso.date({error: 'expected a date that exists in the calendar'}))

/** A calendar date written `YYYY-MM-DD` that exists (no 30 February). */
export function isCalendarDate(value: string): boolean {
  return calendarDate.safeParse(value).success
}

const issueSchema = z.strictObject(
  {
    issue: z
      .int({error: 'expected a positive whole number such as `12`'})
      .positive({error: 'expected a positive whole number such as `12`'})
      .optional(),
    date: calendarDate.optional(),
    title: text,
    summary: text.optional(),
    updated: calendarDate.optional(),
    draft: z.boolean({error: 'expected `true` or `false`'}).optional()
  },
  {error: 'expected the issue’s fields as a YAML map'}
)

const sectionSchema = z.strictObject(
  {
    title: text,
    id: z
      .string({error: 'expected an id such as `teletravail`'})
      .regex(sectionIdPattern, {
        error:
          'expected an id of lowercase letters, digits and single hyphens, such as `teletravail`'
      })
      .optional()
  },
  {error: 'expected the article’s fields as a YAML map, such as `title: …`'}
)

/**
 * gray-matter's JavaScript engine runs `eval`, and its option merging falls
 * back from an engine set to `false` to its alias (`js` → `javascript`), so
 * every engine it knows is replaced (a second guard: languages other than
 * YAML are refused before gray-matter sees the file). YAML is parsed afterwards with
 * positions; this one only lets gray-matter carry on.
 */
const refuse = (): never => {
  throw new Error('Only YAML front matter is read')
}
export const safeEngines = {
  yaml: () => ({}),
  yml: () => ({}),
  json: refuse,
  javascript: refuse,
  js: refuse,
  coffee: refuse,
  cson: refuse,
  toml: refuse
}

interface GrayMatterSection {
  key: string
  data: string
  content: string
}

/**
 * Read the front matter and sections of an issue file. Problems are
 * reported on the file; `file.data.matter` is set only when none is an error.
 */
export function parseIssueFile(file: VFile, config: SiteConfig): void {
  const value = String(file.value)
  const firstLineEnd = value.indexOf('\n')
  const firstLine = firstLineEnd === -1 ? value : value.slice(0, firstLineEnd)

  if (!firstLine.startsWith('---') || firstLine.startsWith('----')) {
    fail(
      file,
      'Expected front matter: the file must start with a line `---`, then `issue`, `date` and `title`',
      {line: 1, column: 1},
      'missing-front-matter'
    )
    return
  }
  const language = firstLine.slice(3).trim()
  if (language !== '' && language.toLowerCase() !== 'yaml' && language.toLowerCase() !== 'yml') {
    fail(
      file,
      `Front matter in \`${language}\` is not allowed: only YAML is read, and front matter is never run as code`,
      {start: {line: 1, column: 4}, end: {line: 1, column: firstLine.length + 1}},
      'front-matter-language'
    )
    return
  }

  const lines = value.split('\n')
  const closeIndex = lines.findIndex((line, index) => index > 0 && line.startsWith('---'))
  if (closeIndex === -1) {
    fail(
      file,
      'The front matter is never closed: expected a line `---` after the issue’s fields',
      {line: 1, column: 1},
      'unclosed-front-matter'
    )
    return
  }
  if ((lines[closeIndex] ?? '').trimEnd() !== '---') {
    fail(
      file,
      `Expected a line \`---\` to close the front matter opened on line 1, found \`${(lines[closeIndex] ?? '').trim()}\``,
      {line: closeIndex + 1, column: 1},
      'unclosed-front-matter'
    )
    return
  }

  // `sections` is missing from gray-matter's types.
  const split = (matter as unknown as (input: string, options: object) => unknown)(value, {
    engines: safeEngines,
    sections: true
  }) as {
    content: string
    sections: GrayMatterSection[]
  }
  const frontMatter = lines.slice(1, closeIndex).join('\n')
  const fields = readIssueFields(file, parseYaml(file, frontMatter, 2), closeIndex + 1)

  const contentLine = closeIndex + 2
  // gray-matter's content starts right after the `---` that closes the
  // front matter, on that line when spaces follow it: the scan reads the same.
  const rest = (lines[closeIndex] ?? '').slice(3).replace(/^\r/, '')
  const layout =
    rest === ''
      ? scanSections(lines.slice(closeIndex + 1).join('\n'), contentLine)
      : scanSections([rest, ...lines.slice(closeIndex + 1)].join('\n'), contentLine - 1)
  if (layout.length !== split.sections.length) {
    // Never expected; said at the file rather than thrown, so the other files are still checked.
    fail(
      file,
      `Bulletin read ${split.sections.length} sections here with gray-matter and ${layout.length} with its own scan: please report this file`,
      {line: contentLine, column: 1},
      'section-scan'
    )
    return
  }

  const sections: Section[] = []
  const ids = new Map<string, Section>()
  const codeCounts = new Map<string, number>()
  for (const [index, raw] of split.sections.entries()) {
    const lines = layout[index]
    if (!lines) continue
    const section = readSection(file, config, raw, lines, codeCounts)
    if (!section) continue
    const previous = ids.get(section.id)
    if (previous) {
      fail(
        file,
        `Two sections have the id \`${section.id}\` (the other is on line ${previous.position.start.line}): give one an \`id\``,
        section.position,
        'duplicate-section-id'
      )
      continue
    }
    ids.set(section.id, section)
    sections.push(section)
  }

  if (!fields || hasErrors([file])) return
  const result: IssueMatter = {fields: fields.fields, fieldPositions: fields.positions, sections}
  if (split.content.trim() !== '') result.intro = {value: split.content, line: contentLine}
  file.data.matter = result
}

function readIssueFields(
  file: VFile,
  block: YamlBlock,
  closeLine: number
): {fields: IssueFields; positions: IssueMatter['fieldPositions']} | undefined {
  if (block.value === undefined || block.value === null) {
    if (!block.failed) {
      fail(
        file,
        'The front matter is empty: expected at least `title` (and `issue` and `date` in the original)',
        {line: closeLine, column: 1},
        'missing-field'
      )
    }
    return undefined
  }
  const data = validate(file, block, issueSchema, 'the issue’s front matter')
  // YAML reads `012` as 12 and `1e3` as 1000: a number written so is a typo.
  const issue = (block.value as {issue?: unknown}).issue
  const source = block.sourceAt(['issue'])
  const plain =
    !(Number.isInteger(issue) && Number(issue) > 0) ||
    source === undefined ||
    /^[1-9]\d*$/.test(source)
  if (!plain) {
    fail(
      file,
      `\`issue\`: expected a whole number written plainly, such as \`${String(issue)}\`, not \`${source}\``,
      block.positionAt(['issue']),
      'invalid-field'
    )
  }
  if (!data || !plain) return undefined

  const positions: IssueMatter['fieldPositions'] = {}
  for (const key of ['issue', 'date', 'title', 'summary', 'updated', 'draft'] as const) {
    if (data[key] !== undefined) positions[key] = block.positionAt([key])
  }

  warnInvisible(file, data.title, positions.title, 'title')
  if (data.summary !== undefined) warnInvisible(file, data.summary, positions.summary, 'summary')
  const fields: IssueFields = {title: data.title, draft: data.draft ?? false}
  if (data.issue !== undefined) fields.issue = data.issue
  if (data.date !== undefined) fields.date = data.date
  if (data.summary !== undefined) fields.summary = data.summary
  if (data.updated !== undefined) fields.updated = data.updated
  return {fields, positions}
}

function readSection(
  file: VFile,
  config: SiteConfig,
  raw: GrayMatterSection,
  lines: ReturnType<typeof scanSections>[number],
  codeCounts: Map<string, number>
): Section | undefined {
  const position: Position = {
    start: {line: lines.open, column: 1},
    end: {line: lines.open, column: 4 + raw.key.length}
  }

  if (lines.inCode !== undefined) {
    fail(
      file,
      `\`---${raw.key}\` starts a section inside the code block opened on line ${lines.inCode}: a line starting with \`---\` always starts a section, so close the code block before it`,
      position,
      'section-in-code'
    )
  }
  if (lines.unexpected !== undefined || lines.close === undefined) {
    fail(
      file,
      `The front matter of section \`${raw.key}\` is never closed: expected a line \`---\` after its \`title\`` +
        (lines.unexpected === undefined ? '' : `, before line ${lines.unexpected}`),
      position,
      'unclosed-section'
    )
    return undefined
  }

  const directorate = config.directorates.find((item) => item.code === raw.key)
  if (!directorate) {
    const known = config.directorates.map((item) => item.code)
    const near = known.find((code) => code.toLowerCase() === raw.key.trim().toLowerCase())
    fail(
      file,
      raw.key === ''
        ? `Expected a directorate code after \`---\` to open a section, such as \`---${known[0] ?? 'DNUM'}\``
        : `Unknown directorate \`${raw.key}\`` +
            (near
              ? `: did you mean \`${near}\`?`
              : `: expected one of ${list(known)}, or add it to \`directorates\` in site.yml`),
      position,
      'unknown-directorate'
    )
  }

  const block = parseYaml(file, raw.data, lines.data)
  if ((block.value === undefined || block.value === null) && !block.failed) {
    fail(
      file,
      `Section \`${raw.key}\` has no title: expected \`title: …\` between \`---${raw.key}\` and \`---\``,
      position,
      'missing-title'
    )
    return undefined
  }
  const data = validate(file, block, sectionSchema, `section \`${raw.key}\``)
  if (!data || !directorate) return undefined

  warnInvisible(file, data.title, block.positionAt(['title']), 'title')
  const count = (codeCounts.get(directorate.code) ?? 0) + 1
  codeCounts.set(directorate.code, count)
  const base = directorate.code.toLowerCase().replaceAll('_', '-')
  const body: MarkdownPart = {value: raw.content, line: lines.body}
  const id = data.id ?? (count === 1 ? base : `${base}-${count}`)
  if (isDomGlobalName(id)) {
    fail(
      file,
      `The section id \`${id}\` is a name of the browser's \`window\` or \`document\`, which an element with that id would shadow or be taken for: ` +
        `give the section another \`id\`, such as \`${id}-${directorate.code.toLowerCase()}\``,
      data.id === undefined ? position : block.positionAt(['id']),
      'reserved-section-id'
    )
    return undefined
  }
  return {code: directorate.code, id, title: data.title, body, position}
}

/** A warning for a field whose text holds characters that show as nothing. */
function warnInvisible(
  file: VFile,
  value: string,
  place: Position | undefined,
  field: string
): void {
  const found = invisibleCharacters.exec(value)?.[0]
  if (found === undefined) return
  const code = `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
  warn(
    file,
    `\`${field}\` holds an invisible character (${code}), so it looks like a text without it: remove it unless it is meant`,
    place,
    'invisible-character'
  )
}
