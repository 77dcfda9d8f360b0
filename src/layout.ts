/**
 * Layout stage: from the archive and its rendered issue files to the pages
 * of the site, laid out by `layouts/` and serialized to HTML. Each page is a
 * VFile whose path is where it is written in the output folder.
 */
import {createHash} from 'node:crypto'
import type {ElementContent, Root} from 'hast'
import rehypeStringify from 'rehype-stringify'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {homePage} from '../layouts/home.ts'
import {issuePage} from '../layouts/issue.ts'
import {rootPage} from '../layouts/root.ts'
import type {Alternate, ArticleView, IssueSummary, IssueView, PageContext, Text} from '../layouts/view.ts'
import type {Archive, Issue} from './archive.ts'
import {createFormatter, format, type Messages} from './i18n.ts'
import {rehypeRelativeUrls} from './rehype-relative-urls.ts'
import {assetUrl, homeUrl, issueUrl, outputPath, rootUrl} from './routes.ts'
import type {Lang} from './types.ts'

/** What the layout stage needs besides the archive. */
export interface Theme {
  messages: Record<Lang, Messages>
  /** The stylesheet's text. */
  stylesheet: string
}

/** Lay out every page of the site, and the stylesheet. */
export function layoutSite(archive: Archive, theme: Theme): VFile[] {
  const {config} = archive
  const stylesheetName = `style.${createHash('sha256').update(theme.stylesheet).digest('hex').slice(0, 10)}.css`
  const stylesheet = new VFile({path: outputPath(assetUrl(stylesheetName)), value: theme.stylesheet, data: {page: {url: assetUrl(stylesheetName)}}})
  const serializer = unified().use(rehypeRelativeUrls).use(rehypeStringify).freeze()

  const toFile = (url: string, tree: Root, origin?: string): VFile => {
    const file = new VFile({path: outputPath(url), data: {page: origin === undefined ? {url} : {url, origin}}})
    file.value = serializer.stringify(serializer.runSync(tree, file) as Root, file)
    return file
  }

  const contexts = Object.fromEntries(
    config.languages.map((lang) => [
      lang,
      {
        lang,
        siteTitle: config.title[lang],
        messages: theme.messages[lang],
        format: createFormatter(lang),
        stylesheet: assetUrl(stylesheetName),
        languages: config.languages
      } satisfies PageContext
    ])
  ) as unknown as Record<Lang, PageContext>
  const alternatesOf = (urlOf: (lang: Lang) => string): Alternate[] =>
    config.languages.map((lang) => ({lang, url: urlOf(lang), label: theme.messages[lang].languageName}))

  const pages: VFile[] = [stylesheet]
  const first = config.languages[0]
  if (first) {
    const titles = config.languages.map((lang) => ({lang, title: config.title[lang]}))
    pages.push(toFile(rootUrl, rootPage(contexts[first], alternatesOf(homeUrl), titles)))
  }

  for (const lang of config.languages) {
    const context = contexts[lang]
    const summaries = archive.issues.map((issue) => summarize(archive, issue, lang))
    pages.push(toFile(homeUrl(lang), homePage(context, homeUrl(lang), alternatesOf(homeUrl), [...summaries].reverse())))

    for (const [index, issue] of archive.issues.entries()) {
      const summary = summaries[index]
      if (!summary) continue
      const view = issueView(archive, issue, lang, summary, context)
      const previous = summaries[index - 1]
      const next = summaries[index + 1]
      if (previous) view.previous = previous
      if (next) view.next = next
      const origin = (issue.files[lang] ?? issue.files[issue.original])?.path
      pages.push(toFile(summary.url, issuePage(context, view, alternatesOf((other) => issueUrl(other, issue.number))), origin))
    }
  }
  return pages
}

/** A text of `lang`'s page, marked when it comes from another language. */
function inLanguage(value: string, from: Lang, lang: Lang): Text {
  return from === lang ? {value} : {value, lang: from}
}

function summarize(archive: Archive, issue: Issue, lang: Lang): IssueSummary {
  const fileLang = issue.files[lang] ? lang : issue.original
  const fields = issue.files[fileLang]?.data.matter?.fields
  const sections = issue.files[issue.original]?.data.matter?.sections ?? []
  const codes = [...new Set(sections.map((section) => section.code))]
  const summary: IssueSummary = {
    number: issue.number,
    date: issue.date,
    url: issueUrl(lang, issue.number),
    title: inLanguage(fields?.title ?? '', fileLang, lang),
    directorates: codes.map((code) => ({code, name: archive.config.directorates.find((item) => item.code === code)?.name[lang] ?? code}))
  }
  if (fields?.summary !== undefined) summary.summary = inLanguage(fields.summary, fileLang, lang)
  return summary
}

function issueView(archive: Archive, issue: Issue, lang: Lang, summary: IssueSummary, context: PageContext): IssueView {
  const original = issue.files[issue.original]
  const translation = issue.files[lang]
  const shown = translation ?? original
  const shownLang = translation ? lang : issue.original
  const names = new Map(archive.config.directorates.map((item) => [item.code, item.name[lang]]))
  const originalName = context.format.languageName(issue.original)
  const view: IssueView = {...summary, articles: []}

  if (!translation) {
    view.notice = format(context.messages.translationMissing, {language: context.format.languageName(lang), original: originalName})
  }
  const intro = shown?.data.rendered?.intro
  if (intro) view.intro = shownLang === lang ? {body: copy(intro.tree)} : {body: copy(intro.tree), lang: shownLang}

  const article = (file: typeof original, fileLang: Lang, id: string, notice?: string): ArticleView | undefined => {
    const section = file?.data.matter?.sections.find((item) => item.id === id)
    const rendered = file?.data.rendered?.sections.get(id)
    if (!section || !rendered) return undefined
    const result: ArticleView = {id, directorate: names.get(section.code) ?? section.code, title: inLanguage(section.title, fileLang, lang), body: copy(rendered.tree)}
    if (fileLang !== lang) result.lang = fileLang
    if (notice !== undefined) result.notice = notice
    return result
  }

  const originalIds = original?.data.matter?.sections.map((section) => section.id) ?? []
  const translatedIds = new Set(translation?.data.matter?.sections.map((section) => section.id) ?? [])
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

/** Rendered parts are shared by the pages of both languages; each page gets its own copy. */
function copy(tree: Root): ElementContent[] {
  return structuredClone(tree).children as ElementContent[]
}
