/**
 * The archive as JSON, for scripts and software agents. Each language has
 * an index of its issues (number, date, title, summary, directorates,
 * addresses) that stays small, and each issue a file of its own with its
 * articles' plain text. The shape is documented in the README and stays
 * stable; `version` is raised when it changes.
 */
import type {IssueSummary} from '../../layouts/view.ts'
import type {Issue} from './archive.ts'
import {urlResolver} from './feeds.ts'
import {frenchTypography} from '../markdown/rehype-french-typography.ts'
import type {Messages} from '../model/i18n.ts'
import {issueJsonUrl, issueUrl, jsonUrl} from '../model/routes.ts'
import type {Lang, SiteConfig} from '../model/types.ts'
import {shownFile} from './views.ts'

/** The version of the JSON's shape. 2: one index per language and one file per issue (1 held every text in one file). */
export const jsonVersion = 2

/** Addresses of a page or file of the site: its path from the site's root, and its URL when the site has one. */
interface Address {
  path: string
  url: string | null
}

function addresser(config: SiteConfig): (url: string) => Address {
  const siteUrl = config.url
  const absolute = siteUrl === undefined ? undefined : urlResolver(siteUrl, '/')
  return (url) => ({path: url.replace(/^\//, ''), url: absolute ? absolute(url) : null})
}

/** What the index and the issue's own file both say of an issue. */
function issueHead(config: SiteConfig, issue: Issue, lang: Lang): Record<string, unknown> {
  const address = addresser(config)
  const shown = shownFile(issue, lang)
  const fields = shown.file?.data.matter?.fields
  const other = config.languages.find((item) => item !== lang)
  const twin =
    other === undefined
      ? null
      : {
          lang: shownFile(issue, other).lang,
          ...address(issueUrl(other, issue.number)),
          data: address(issueJsonUrl(other, issue.number)).path
        }
  return {
    number: issue.number,
    date: issue.date,
    updated: fields?.updated ?? null,
    lang: shown.lang,
    title: fields?.title ?? '',
    summary: fields?.summary ?? null,
    ...address(issueUrl(lang, issue.number)),
    data: address(issueJsonUrl(lang, issue.number)).path,
    twin
  }
}

/** A directorate's name as the pages show it (and as the search index's filter holds it). */
function shownName(name: string, lang: Lang): string {
  return lang === 'fr' ? frenchTypography(name) : name
}

/** An issue's entry in `/<lang>/issues.json`. */
export function indexEntry(
  config: SiteConfig,
  issue: Issue,
  lang: Lang,
  summary: IssueSummary
): Record<string, unknown> {
  return {
    ...issueHead(config, issue, lang),
    directorates: summary.directorates.map((item) => item.code)
  }
}

/**
 * `/<lang>/issues.json`: the index of the archive in one language, oldest
 * issue first, without the articles' text. Each entry comes serialized
 * (see {@link indexEntryText}), so that a change of one issue serializes
 * one entry, not thousands: the bytes are those of the whole document
 * serialized at once.
 */
export function exportIndex(
  config: SiteConfig,
  lang: Lang,
  entries: readonly string[],
  messages: Messages
): string {
  const document = {
    generator: 'Bulletin',
    version: jsonVersion,
    lang,
    site: config.title[lang],
    path: addresser(config)(jsonUrl(lang)).path,
    // The names of the search index's filters, which are in the language of its pages.
    searchFilters: {directorate: messages.filterDirectorate, year: messages.filterYear},
    directorates: config.directorates.map((item) => ({
      code: item.code,
      name: shownName(item.name[lang], lang)
    })),
    issues: []
  }
  const text = JSON.stringify(document, null, 2)
  if (entries.length === 0) return `${text}\n`
  // The list is the document's last member: `[]` then the closing brace.
  return `${text.slice(0, -'[]\n}'.length)}[\n${entries.join(',\n')}\n  ]\n}\n`
}

/** An entry of the index as {@link exportIndex} takes it: serialized on its own, indented as in the list. */
export function indexEntryText(entry: Record<string, unknown>): string {
  return `    ${JSON.stringify(entry, null, 2).replaceAll('\n', '\n    ')}`
}

/** `/<lang>/…/<number>/issue.json`: one issue in one language, with each article's plain text. */
export function exportIssue(config: SiteConfig, issue: Issue, lang: Lang): string {
  const address = addresser(config)
  const names = new Map(
    config.directorates.map((item) => [item.code, shownName(item.name[lang], lang)])
  )
  const original = issue.files[issue.original]
  const translation = issue.files[lang]
  const page = issueUrl(lang, issue.number)
  const sections = (original?.data.matter?.sections ?? []).map((section) => {
    const translated = translation?.data.matter?.sections.find((item) => item.id === section.id)
    const file = translated ? translation : original
    return {
      id: section.id,
      anchor: `#${section.id}`,
      directorate: section.code,
      directorateName: names.get(section.code) ?? section.code,
      lang: translated ? lang : issue.original,
      title: translated?.title ?? section.title,
      ...address(`${page}#${section.id}`),
      text: file?.data.rendered?.sections.get(section.id)?.text ?? ''
    }
  })
  const document = {
    generator: 'Bulletin',
    version: jsonVersion,
    site: config.title[lang],
    ...issueHead(config, issue, lang),
    sections
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
