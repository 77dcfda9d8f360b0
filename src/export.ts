/**
 * The archive as JSON, for scripts and software agents: every issue with
 * its number, date, title, summary and address, and its articles with their
 * directorate, title, anchor and plain text. The shape is documented in the
 * README and stays stable.
 */
import type {IssueSummary} from '../layouts/view.ts'
import type {Archive, Issue} from './archive.ts'
import {urlResolver} from './feeds.ts'
import type {Messages} from './i18n.ts'
import {jsonUrl} from './routes.ts'
import type {Lang} from './types.ts'
import {shownFile} from './views.ts'

/** `/<lang>/issues.json`: the archive in one language, oldest issue first. */
export function exportJson(archive: Archive, lang: Lang, summaries: ReadonlyMap<Issue, IssueSummary>, messages: Messages): string {
  const siteUrl = archive.config.url
  const absolute = siteUrl === undefined ? undefined : urlResolver(siteUrl, '/')
  const path = (url: string): string => url.replace(/^\//, '')
  const names = new Map(archive.config.directorates.map((item) => [item.code, item.name[lang]]))

  const issues = archive.issues.map((issue) => {
    const summary = summaries.get(issue)
    const original = issue.files[issue.original]
    const translation = issue.files[lang]
    const shown = shownFile(issue, lang)
    const fields = shown.file?.data.matter?.fields
    const url = summary?.url ?? ''
    return {
      number: issue.number,
      date: issue.date,
      lang: shown.lang,
      title: fields?.title ?? '',
      summary: fields?.summary ?? null,
      path: path(url),
      url: absolute ? absolute(url) : null,
      sections: (original?.data.matter?.sections ?? []).map((section) => {
        const translated = translation?.data.matter?.sections.find((item) => item.id === section.id)
        const file = translated ? translation : original
        const rendered = file?.data.rendered?.sections.get(section.id)
        return {
          id: section.id,
          anchor: `#${section.id}`,
          directorate: section.code,
          directorateName: names.get(section.code) ?? section.code,
          lang: translated ? lang : issue.original,
          title: translated?.title ?? section.title,
          path: `${path(url)}#${section.id}`,
          url: absolute ? `${absolute(url)}#${section.id}` : null,
          text: rendered?.text ?? ''
        }
      })
    }
  })

  const document = {
    generator: 'Bulletin',
    version: 1,
    lang,
    site: archive.config.title[lang],
    path: path(jsonUrl(lang)),
    // The names of the search index's filters, which are in the language of its pages.
    searchFilters: {directorate: messages.filterDirectorate, year: messages.filterYear},
    issues
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
