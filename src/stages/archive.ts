/**
 * Archive stage: from the issue files, each read on its own, to the archive
 * of issues: twins paired, translations inheriting their number and date,
 * numbers checked unique, drafts set aside, translation gaps reported.
 */
import type {VFile} from 'vfile'
import {fail, warn, where} from '../model/message.ts'
import type {Lang, Section, SiteConfig} from '../model/types.ts'
import {sectionFigures} from './figures.ts'

/** One issue of the archive, in all the languages it was written in. */
export interface Issue {
  number: number
  /** `YYYY-MM-DD`. */
  date: string
  /** Its folder under `issues/`. */
  folder: string
  /** Language of the file the others translate. */
  original: Lang
  /** The files to publish, by language (a missing one falls back to the original). */
  files: Partial<Record<Lang, VFile>>
}

/** What a link to an issue folder can reach. */
export type LinkTarget =
  /** A published issue: what links to it can see, as plain data (it travels to render workers). */
  | {
      kind: 'issue'
      number: number
      original: Lang
      langs: readonly Lang[]
      sectionIds: ReadonlySet<string>
    }
  | {kind: 'draft'}
  /** The folder has errors of its own: links into it are not checked. */
  | {kind: 'unknown'}

/** The archive: issues in ascending number, and what links can reach. */
export interface Archive {
  config: SiteConfig
  issues: Issue[]
  targets: ReadonlyMap<string, LinkTarget>
}

/**
 * Assemble the archive from issue files that went through the front-matter
 * stage. Problems are reported on the files.
 */
export function buildArchive(
  config: SiteConfig,
  files: readonly VFile[],
  includeDrafts: boolean
): Archive {
  const folders = new Map<string, VFile[]>()
  for (const file of files) {
    const folder = file.data.source?.folder
    if (folder === undefined) continue
    folders.set(folder, [...(folders.get(folder) ?? []), file])
  }

  const issues: Issue[] = []
  const targets = new Map<string, LinkTarget>()
  for (const [folder, folderFiles] of [...folders].sort(([a], [b]) => compare(a, b))) {
    if (folderFiles.some((file) => !file.data.matter)) {
      targets.set(folder, {kind: 'unknown'})
      continue
    }
    const issue = pairTwins(config, folder, folderFiles)
    if (!issue) {
      targets.set(folder, {kind: 'unknown'})
      continue
    }
    const original = issue.files[issue.original]
    if (original?.data.matter?.fields.draft === true && !includeDrafts) {
      targets.set(folder, {kind: 'draft'})
      continue
    }
    const drafts = new Set<Lang>()
    for (const lang of config.languages) {
      if (
        lang !== issue.original &&
        issue.files[lang]?.data.matter?.fields.draft === true &&
        !includeDrafts
      ) {
        drafts.add(lang)
        delete issue.files[lang]
      }
    }
    reportTranslationGaps(config, issue, drafts)
    const sectionIds = new Set(
      Object.values(issue.files).flatMap(
        (file) => file.data.matter?.sections.map((section) => section.id) ?? []
      )
    )
    targets.set(folder, {
      kind: 'issue',
      number: issue.number,
      original: issue.original,
      langs: Object.keys(issue.files).sort() as Lang[],
      sectionIds
    })
    issues.push(issue)
  }

  const duplicates = reportDuplicateNumbers(issues)
  const unique = issues.filter((issue) => !duplicates.has(issue.number))
  unique.sort((a, b) => a.number - b.number)
  return {config, issues: unique, targets}
}

/** Pair the files of one folder; the translations inherit or must agree. */
function pairTwins(config: SiteConfig, folder: string, files: readonly VFile[]): Issue | undefined {
  const byLang = new Map(
    files.flatMap((file) => (file.data.source ? [[file.data.source.lang, file] as const] : []))
  )
  const originalLang = config.languages.find((lang) => byLang.has(lang))
  const original = originalLang === undefined ? undefined : byLang.get(originalLang)
  const fields = original?.data.matter?.fields
  if (!originalLang || !original || !fields) return undefined

  let sound = true
  for (const key of ['issue', 'date'] as const) {
    if (fields[key] === undefined) {
      fail(
        original,
        `Missing field \`${key}\` in the issue’s front matter: the original (${originalLang}.md) must give it`,
        {line: 1, column: 1},
        'missing-field'
      )
      sound = false
    }
  }
  if (!sound || fields.issue === undefined || fields.date === undefined) return undefined

  const issue: Issue = {
    number: fields.issue,
    date: fields.date,
    folder,
    original: originalLang,
    files: {[originalLang]: original}
  }
  for (const lang of config.languages) {
    const twin = byLang.get(lang)
    if (!twin || lang === originalLang) continue
    const twinMatter = twin.data.matter
    if (!twinMatter) continue
    for (const key of ['issue', 'date'] as const) {
      const value = twinMatter.fields[key]
      if (value !== undefined && value !== fields[key]) {
        fail(
          twin,
          `\`${key}\` is \`${value}\` here but \`${fields[key]}\` in the original (${where(original.path, original.data.matter?.fieldPositions[key])}): a translation inherits it, so leave it out or make them agree`,
          twinMatter.fieldPositions[key],
          'twin-mismatch'
        )
        sound = false
      }
    }
    issue.files[lang] = twin
  }
  for (const file of Object.values(issue.files)) {
    const matter = file.data.matter
    const updated = matter?.fields.updated
    if (updated !== undefined && updated < issue.date) {
      fail(
        file,
        `\`updated\` is \`${updated}\`, before the issue’s date \`${issue.date}\`: expected the date of a correction, on or after it`,
        matter?.fieldPositions.updated,
        'invalid-field'
      )
      sound = false
    }
  }
  return sound ? issue : undefined
}

function reportTranslationGaps(config: SiteConfig, issue: Issue, drafts: ReadonlySet<Lang>): void {
  const original = issue.files[issue.original]
  const originalSections = original?.data.matter?.sections ?? []
  if (!original) return
  for (const lang of config.languages) {
    if (lang === issue.original) continue
    const translation = issue.files[lang]
    if (!translation) {
      const reason = drafts.has(lang)
        ? `The \`${lang}\` translation of issue ${issue.number} is a draft: its page shows the original until \`draft: true\` is removed`
        : `Issue ${issue.number} has no translation in \`${lang}\`: add ${lang}.md beside this file`
      warn(original, reason, {line: 1, column: 1}, 'missing-translation')
      continue
    }
    const translated = new Map(
      (translation.data.matter?.sections ?? []).map((section) => [section.id, section])
    )
    for (const section of originalSections) {
      if (!translated.has(section.id)) {
        warn(
          translation,
          `Section \`${section.id}\` (${section.code}, ${where(original.path, section.position)}) is missing from this translation`,
          {line: 1, column: 1},
          'missing-section-translation'
        )
      }
    }
    for (const section of originalSections) {
      const twin = translated.get(section.id)
      if (twin) reportFigures(original, section, translation, twin, [issue.original, lang])
    }
    const originalIds = new Set(originalSections.map((section) => section.id))
    for (const section of translated.values()) {
      if (!originalIds.has(section.id)) {
        warn(
          translation,
          `Section \`${section.id}\` has no counterpart in the original (${issue.original}.md): give it the \`id\` of the section it translates`,
          section.position,
          'unpaired-section'
        )
      }
    }
  }
}

/** A warning on a translated section whose figures are not its original's (see `figures.ts`). */
function reportFigures(
  original: VFile,
  section: Section,
  translation: VFile,
  twin: Section,
  [from, to]: [Lang, Lang]
): void {
  const {missing, added} = sectionFigures(section, from, twin, to)
  if (missing.length === 0 && added.length === 0) return
  const differences = [
    missing.length > 0 ? `lacks ${missing.join(', ')}` : '',
    added.length > 0 ? `has ${added.join(', ')}, not in the original` : ''
  ]
  warn(
    translation,
    `Section \`${twin.id}\` ${differences.filter(Boolean).join(' and ')} (${section.code}, ${where(original.path, section.position)}): check the translation’s figures`,
    twin.position,
    'translation-figures'
  )
}

/**
 * Every issue has a page in every language (a missing translation shows the
 * original), so a number used twice in one language is used twice in all.
 * Returns the numbers used twice; their issues are left out of the site.
 */
function reportDuplicateNumbers(issues: readonly Issue[]): Set<number> {
  const duplicates = new Set<number>()
  const byNumber = new Map<number, Issue[]>()
  for (const issue of issues)
    byNumber.set(issue.number, [...(byNumber.get(issue.number) ?? []), issue])
  for (const [number, same] of byNumber) {
    if (same.length < 2) continue
    duplicates.add(number)
    for (const issue of same) {
      const file = issue.files[issue.original]
      if (!file) continue
      const others = same
        .filter((other) => other !== issue)
        .map((other) => {
          const otherFile = other.files[other.original]
          return otherFile
            ? where(otherFile.path, otherFile.data.matter?.fieldPositions.issue)
            : other.folder
        })
      fail(
        file,
        `Issue number ${number} is also used by ${others.join(', ')}`,
        file.data.matter?.fieldPositions.issue,
        'duplicate-issue-number'
      )
    }
  }
  return duplicates
}

/** Code-point order, the same whatever the machine's locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
