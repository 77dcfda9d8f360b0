/**
 * What each page shows, as plain data for the layouts: derived from the
 * configuration and the rendered issue files, in one language. Pure.
 */
import type {ElementContent, Root} from 'hast'
import type {VFile} from 'vfile'
import type {
  ArticleView,
  DirectorateView,
  IssueSummary,
  IssueView,
  PageContext,
  Text,
  YearView
} from '../../layouts/view.ts'
import type {Issue} from './archive.ts'
import {format} from '../model/i18n.ts'
import {directorateUrl, directorateYearUrl, issueUrl, yearUrl} from '../model/routes.ts'
import type {Lang, SiteConfig} from '../model/types.ts'

/** A text of `lang`'s page, marked when it comes from another language. */
function inLanguage(value: string, from: Lang, lang: Lang): Text {
  return from === lang ? {value} : {value, lang: from}
}

/** Rendered parts are shared by the pages of both languages; each page gets its own copy. */
function copy(tree: Root): ElementContent[] {
  return structuredClone(tree).children as ElementContent[]
}

/** The file an issue is shown from in `lang`: its translation, or the original. */
export function shownFile(issue: Issue, lang: Lang): {file: VFile | undefined; lang: Lang} {
  return issue.files[lang]
    ? {file: issue.files[lang], lang}
    : {file: issue.files[issue.original], lang: issue.original}
}

/** An issue as lists and links show it. */
export function summarize(config: SiteConfig, issue: Issue, lang: Lang): IssueSummary {
  const shown = shownFile(issue, lang)
  const fields = shown.file?.data.matter?.fields
  const sections = issue.files[issue.original]?.data.matter?.sections ?? []
  const codes = [...new Set(sections.map((section) => section.code))]
  const summary: IssueSummary = {
    number: issue.number,
    date: issue.date,
    url: issueUrl(lang, issue.number),
    title: inLanguage(fields?.title ?? '', shown.lang, lang),
    directorates: codes.map((code) => ({
      code,
      name: config.directorates.find((item) => item.code === code)?.name[lang] ?? code
    }))
  }
  if (fields?.summary !== undefined) summary.summary = inLanguage(fields.summary, shown.lang, lang)
  return summary
}

/** An issue page: its articles in the original's order, falling back to the original where untranslated. */
export function issueView(
  config: SiteConfig,
  issue: Issue,
  lang: Lang,
  summary: IssueSummary,
  context: PageContext
): IssueView {
  const original = issue.files[issue.original]
  const translation = issue.files[lang]
  const shown = shownFile(issue, lang)
  const names = new Map(config.directorates.map((item) => [item.code, item.name[lang]]))
  const originalName = context.format.languageName(issue.original)
  const view: IssueView = {...summary, articles: []}
  const updated = shown.file?.data.matter?.fields.updated
  if (updated !== undefined) view.updated = updated

  if (!translation) {
    view.notice = format(context.messages.translationMissing, {
      language: context.format.languageName(lang),
      original: originalName
    })
  }
  const intro = shown.file?.data.rendered?.intro
  if (intro)
    view.intro =
      shown.lang === lang ? {body: copy(intro.tree)} : {body: copy(intro.tree), lang: shown.lang}

  const article = (
    file: VFile | undefined,
    fileLang: Lang,
    id: string,
    notice?: string
  ): ArticleView | undefined => {
    const section = file?.data.matter?.sections.find((item) => item.id === id)
    const rendered = file?.data.rendered?.sections.get(id)
    if (!section || !rendered) return undefined
    const result: ArticleView = {
      id,
      directorate: names.get(section.code) ?? section.code,
      title: inLanguage(section.title, fileLang, lang),
      body: copy(rendered.tree)
    }
    if (fileLang !== lang) result.lang = fileLang
    if (notice !== undefined) result.notice = notice
    return result
  }

  const originalIds = original?.data.matter?.sections.map((section) => section.id) ?? []
  const translatedIds = new Set(
    translation?.data.matter?.sections.map((section) => section.id) ?? []
  )
  const sectionNotice = format(context.messages.sectionTranslationMissing, {original: originalName})
  for (const id of originalIds) {
    const item =
      translation && translatedIds.has(id)
        ? article(translation, lang, id)
        : article(original, issue.original, id, translation ? sectionNotice : undefined)
    if (item) view.articles.push(item)
  }
  // Articles only the translation has come last, so nothing written is lost.
  if (translation && lang !== issue.original) {
    for (const id of translatedIds) {
      if (originalIds.includes(id)) continue
      const item = article(translation, lang, id)
      if (item) view.articles.push(item)
    }
  }
  return view
}

/** An article of an issue as a directorate's pages list it: its title as shown in the page's language. */
export interface IssueArticle {
  id: string
  code: string
  title: Text
}

/** Every directorate of the configuration, with its articles newest first, from the issues in ascending order. */
export function directorateViews(
  config: SiteConfig,
  lang: Lang,
  issues: readonly {summary: IssueSummary; articles: readonly IssueArticle[]}[]
): DirectorateView[] {
  const views = config.directorates.map((directorate): DirectorateView => ({
    code: directorate.code,
    name: directorate.name[lang],
    url: directorateUrl(lang, directorate.code),
    articles: [],
    years: []
  }))
  const byCode = new Map(views.map((view) => [view.code, view]))
  for (const {summary, articles} of [...issues].reverse()) {
    for (const article of articles) {
      byCode.get(article.code)?.articles.push({
        issue: summary,
        id: article.id,
        url: `${summary.url}#${article.id}`,
        title: article.title
      })
    }
  }
  for (const view of views) {
    const years = new Map<string, DirectorateView['years'][number]>()
    for (const article of view.articles) {
      const year = article.issue.date.slice(0, 4)
      let group = years.get(year)
      if (!group) {
        group = {year, url: directorateYearUrl(lang, view.code, year), articles: []}
        years.set(year, group)
        view.years.push(group)
      }
      group.articles.push(article)
    }
    view.years.sort((a, b) => (a.year < b.year ? 1 : -1))
  }
  return views
}

/** The years of the archive, newest first, their issues grouped by month, newest first. */
export function yearViews(lang: Lang, summaries: readonly IssueSummary[]): YearView[] {
  const years = new Map<string, YearView>()
  for (const summary of [...summaries].sort((a, b) =>
    a.date < b.date ? 1 : a.date > b.date ? -1 : b.number - a.number
  )) {
    const year = summary.date.slice(0, 4)
    const view = years.get(year) ?? {year, url: yearUrl(lang, year), months: [], count: 0}
    years.set(year, view)
    const month = summary.date.slice(0, 7)
    let group = view.months.at(-1)
    if (group?.month !== month) {
      group = {month, issues: []}
      view.months.push(group)
    }
    group.issues.push(summary)
    view.count++
  }
  return [...years.values()]
}
