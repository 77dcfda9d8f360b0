/**
 * The translation status of the archive: per issue, which languages exist,
 * which sections a translation lacks, which translations are older than
 * their original, and per section, which are older than their original's
 * and whose figures differ. Pure: the times of the files and of their
 * sections come from the caller (git, or the files' times).
 */
import type {Archive} from '../stages/archive.ts'
import {sectionFigures} from '../stages/figures.ts'
import {warn} from '../model/message.ts'
import type {Lang, Section} from '../model/types.ts'

/** Where one language of an issue stands. */
export interface LanguageStatus {
  /** `original`, `translation`, or `missing` when there is no file. */
  state: 'original' | 'translation' | 'missing'
  /** Path of the file, when there is one. */
  path?: string
  draft?: boolean
  /** Last change of the file, `YYYY-MM-DD`, when known. */
  changed?: string
  /** Ids of the original's sections this translation lacks. */
  missingSections?: string[]
  /** Whether this translation was last changed before its original. */
  outdated?: boolean
  /** Each section this translation shares with its original. */
  sections?: SectionStatus[]
}

/** Where one translated section stands against its original's. */
export interface SectionStatus {
  id: string
  directorate: string
  /** Line of the section's delimiter in the translation, and in the original. */
  line: number
  originalLine: number
  /** Last change of its lines and of its original's (`YYYY-MM-DD`), when git knows them. */
  changed?: string
  originalChanged?: string
  /** Whether its text last changed before its original's (by commit). */
  outdated: boolean
  /** Figures of the original it lacks, and figures it has that the original has not. */
  missingFigures: string[]
  addedFigures: string[]
}

/**
 * When each section of a file last changed, by id: the newest time of its
 * lines, from its delimiter to the next section's; `lines` has one time per line.
 */
export function sectionChanges(
  sections: readonly Section[],
  lines: readonly number[]
): Map<string, number> {
  const changes = new Map<string, number>()
  sections.forEach((section, index) => {
    const end = sections[index + 1]?.position.start.line ?? lines.length + 1
    // A loop, not a spread: a section of a 1 MB file may have more lines than a call has arguments.
    let newest = 0
    for (const time of lines.slice(section.position.start.line - 1, end - 1))
      newest = Math.max(newest, time)
    changes.set(section.id, newest)
  })
  return changes
}

/** Where one issue stands. */
export interface IssueStatus {
  issue: number
  date: string
  folder: string
  original: Lang
  languages: Partial<Record<Lang, LanguageStatus>>
}

/**
 * The status of every issue, in number order; `times` gives each file's
 * last change (ms) by path, `sectionTimes` each section's by path and id
 * where they are known (see `history.ts`).
 */
export function translationStatus(
  archive: Archive,
  times: ReadonlyMap<string, number>,
  sectionTimes: ReadonlyMap<string, ReadonlyMap<string, number>> = new Map()
): IssueStatus[] {
  return archive.issues.map((issue) => {
    const original = issue.files[issue.original]
    const originalTime = original ? times.get(original.path) : undefined
    const originalIds = original?.data.matter?.sections.map((section) => section.id) ?? []
    const languages: Partial<Record<Lang, LanguageStatus>> = {}
    for (const lang of archive.config.languages) {
      const file = issue.files[lang]
      if (!file) {
        languages[lang] = {state: 'missing'}
        continue
      }
      const time = times.get(file.path)
      const status: LanguageStatus = {
        state: lang === issue.original ? 'original' : 'translation',
        path: file.path,
        draft: file.data.matter?.fields.draft ?? false
      }
      if (time !== undefined) status.changed = day(time)
      if (lang !== issue.original) {
        const ids = new Set(file.data.matter?.sections.map((section) => section.id))
        status.missingSections = originalIds.filter((id) => !ids.has(id))
        status.outdated = time !== undefined && originalTime !== undefined && time < originalTime
        status.sections = sectionStatuses(
          {lang: issue.original, sections: original?.data.matter?.sections ?? []},
          {lang, sections: file.data.matter?.sections ?? []},
          [original ? sectionTimes.get(original.path) : undefined, sectionTimes.get(file.path)]
        )
      }
      languages[lang] = status
    }
    return {
      issue: issue.number,
      date: issue.date,
      folder: issue.folder,
      original: issue.original,
      languages
    }
  })
}

interface Side {
  lang: Lang
  sections: readonly Section[]
}

function sectionStatuses(
  original: Side,
  translation: Side,
  [originalTimes, translationTimes]: (ReadonlyMap<string, number> | undefined)[]
): SectionStatus[] {
  const originals = new Map(original.sections.map((section) => [section.id, section]))
  return translation.sections.flatMap((section) => {
    const twin = originals.get(section.id)
    if (!twin) return []
    const figures = sectionFigures(twin, original.lang, section, translation.lang)
    const time = translationTimes?.get(section.id)
    const originalTime = originalTimes?.get(section.id)
    const status: SectionStatus = {
      id: section.id,
      directorate: section.code,
      line: section.position.start.line,
      originalLine: twin.position.start.line,
      outdated: time !== undefined && originalTime !== undefined && time < originalTime,
      missingFigures: figures.missing,
      addedFigures: figures.added
    }
    if (time !== undefined) status.changed = day(time)
    if (originalTime !== undefined) status.originalChanged = day(originalTime)
    return [status]
  })
}

function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10)
}

/** The status as text, one issue a line, then what is left to do. */
export function formatStatus(statuses: readonly IssueStatus[]): string {
  const lines = statuses.map((status) => {
    const parts = Object.entries(status.languages).map(([lang, item]) => {
      const notes: string[] = []
      if (item.state === 'missing') notes.push('missing')
      else if (item.state === 'original') notes.push('original')
      else if (item.outdated)
        notes.push(
          `older than the original (${item.changed ?? '?'} < ${status.languages[status.original]?.changed ?? '?'})`
        )
      else if (item.missingSections?.length === 0 && !sectionWork(item)) notes.push('translated')
      if (item.missingSections?.length)
        notes.push(
          `missing ${item.missingSections.length === 1 ? 'section' : 'sections'} ${item.missingSections.join(', ')}`
        )
      const older = item.sections?.filter((section) => section.outdated) ?? []
      if (older.length > 0)
        notes.push(`older than the original in ${older.map((section) => section.id).join(', ')}`)
      const figures = item.sections?.filter(differentFigures) ?? []
      if (figures.length > 0)
        notes.push(`figures differ in ${figures.map((section) => section.id).join(', ')}`)
      if (item.draft) notes.push('draft')
      return `${lang}: ${notes.join(', ')}`
    })
    return `No. ${String(status.issue).padEnd(4)} ${status.date}  ${parts.join('   ')}`
  })
  const todo = statuses.filter((status) =>
    Object.values(status.languages).some(
      (item) =>
        item.state === 'missing' ||
        item.outdated ||
        item.missingSections?.length ||
        item.draft ||
        sectionWork(item)
    )
  )
  const count = `${statuses.length} ${statuses.length === 1 ? 'issue' : 'issues'}`
  const summary =
    todo.length === 0
      ? `${count}, all translated and up to date`
      : `${count}, ${todo.length} with translation work left: ${todo.map((status) => `No. ${status.issue}`).join(', ')}`
  return `${lines.join('\n')}${lines.length ? '\n\n' : ''}${summary}\n`
}

function differentFigures(section: SectionStatus): boolean {
  return section.missingFigures.length > 0 || section.addedFigures.length > 0
}

function sectionWork(item: LanguageStatus): boolean {
  return item.sections?.some((section) => section.outdated || differentFigures(section)) ?? false
}

/**
 * A warning on each translated section older than its original's (see
 * {@link translationStatus}), where `bulletin check` reports it: at the
 * section, naming the original's line and both days.
 */
export function warnOutdatedSections(
  archive: Archive,
  sectionTimes: ReadonlyMap<string, ReadonlyMap<string, number>>
): void {
  const statuses = translationStatus(archive, new Map(), sectionTimes)
  archive.issues.forEach((issue, index) => {
    const original = issue.files[issue.original]
    for (const [lang, status] of Object.entries(statuses[index]?.languages ?? {})) {
      const file = issue.files[lang as Lang]
      if (!file || !original) continue
      for (const section of status.sections?.filter((each) => each.outdated) ?? []) {
        warn(
          file,
          `Section \`${section.id}\` is older than its original (${section.directorate}, ${original.path}:${section.originalLine}:1, changed ${section.originalChanged}): its text here last changed ${section.changed}; translate what changed`,
          {line: section.line, column: 1},
          'outdated-section'
        )
      }
    }
  })
}
