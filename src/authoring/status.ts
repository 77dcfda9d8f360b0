/**
 * The translation status of the archive: per issue, which languages exist,
 * which sections a translation lacks, and which translations are older
 * than their original. Pure: the times of the files come from the caller
 * (git, or the files' times).
 */
import type {Archive} from '../stages/archive.ts'
import type {Lang} from '../model/types.ts'

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
}

/** Where one issue stands. */
export interface IssueStatus {
  issue: number
  date: string
  folder: string
  original: Lang
  languages: Partial<Record<Lang, LanguageStatus>>
}

/** The status of every issue, in number order; `times` gives each file's last change (ms) by path. */
export function translationStatus(
  archive: Archive,
  times: ReadonlyMap<string, number>
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
      if (time !== undefined) status.changed = new Date(time).toISOString().slice(0, 10)
      if (lang !== issue.original) {
        const ids = new Set(file.data.matter?.sections.map((section) => section.id))
        status.missingSections = originalIds.filter((id) => !ids.has(id))
        status.outdated = time !== undefined && originalTime !== undefined && time < originalTime
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
      else if (item.missingSections?.length === 0) notes.push('translated')
      if (item.missingSections?.length)
        notes.push(
          `missing ${item.missingSections.length === 1 ? 'section' : 'sections'} ${item.missingSections.join(', ')}`
        )
      if (item.draft) notes.push('draft')
      return `${lang}: ${notes.join(', ')}`
    })
    return `No. ${String(status.issue).padEnd(4)} ${status.date}  ${parts.join('   ')}`
  })
  const todo = statuses.filter((status) =>
    Object.values(status.languages).some(
      (item) =>
        item.state === 'missing' || item.outdated || item.missingSections?.length || item.draft
    )
  )
  const count = `${statuses.length} ${statuses.length === 1 ? 'issue' : 'issues'}`
  const summary =
    todo.length === 0
      ? `${count}, all translated and up to date`
      : `${count}, ${todo.length} with translation work left: ${todo.map((status) => `No. ${status.issue}`).join(', ')}`
  return `${lines.join('\n')}${lines.length ? '\n\n' : ''}${summary}\n`
}
