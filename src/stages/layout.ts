/**
 * Layout stage: from the archive and its rendered issue files to the files
 * of the site: pages laid out by `layouts/` and serialized to HTML, the
 * stylesheet, feeds, sitemap and JSON export. Each is a VFile whose path is
 * where it is written in the output folder.
 */
import {createHash} from 'node:crypto'
import type {Root} from 'hast'
import rehypeStringify from 'rehype-stringify'
import {unified} from 'unified'
import {VFile} from 'vfile'
import {archivePage, yearPage} from '../../layouts/archive.ts'
import {
  directoratePage,
  directoratesPage,
  directorateYearPage,
  recentArticles
} from '../../layouts/directorates.ts'
import {homePage, type ListPage} from '../../layouts/home.ts'
import {issuePage} from '../../layouts/issue.ts'
import {rootPage} from '../../layouts/root.ts'
import {accessibilityPage, latestPage, notFoundPage, searchPage} from '../../layouts/simple.ts'
import type {Alternate, IssueSummary, PageContext} from '../../layouts/view.ts'
import type {Archive, Issue} from './archive.ts'
import {exportIndex, exportIssue} from './export.ts'
import {atomFeed, sitemap} from './feeds.ts'
import {createFormatter, format, type Messages} from '../model/i18n.ts'
import {rehypeFrenchTypography} from '../markdown/rehype-french-typography.ts'
import {rehypeRelativeUrls} from '../markdown/rehype-relative-urls.ts'
import {digest} from '../engine/render-cache.ts'
import * as routes from '../model/routes.ts'
import type {Lang, PageInfo} from '../model/types.ts'
import {directorateViews, issueView, shownFile, summarize, yearViews} from './views.ts'

/** What the layout stage needs besides the archive. */
export interface Theme {
  messages: Record<Lang, Messages>
  /** The stylesheet's text. */
  stylesheet: string
  /** The script's text. */
  script: string
  /** The site's icon (SVG). */
  icon: string
}

/**
 * Files laid out by a build, by URL, with the key of what they were made
 * from. Given to the next build of the same process, a file whose key is
 * unchanged is reused instead of laid out again.
 */
export type LayoutCache = Map<string, {key: string; file: VFile}>

/**
 * The pages of the previous build, for a build in another process: a page
 * whose key is the same, and whose file is still in the previous site as
 * that build left it, is linked from there instead of laid out again.
 */
export interface KeptPages {
  /** By URL: the key a page was laid out from, and its `bodyDigest` (see `search-index.ts`), if searchable. */
  pages: ReadonlyMap<string, {key: string; body: string | undefined}>
  /** Whether the previous site still holds `path` (relative to the output folder) untouched. */
  has: (path: string) => boolean
  /** The digest of the code that lays pages out: pages made by other code are not kept. */
  code: string
}

/**
 * Lay out every file of the site. With `cache`, only files whose inputs
 * changed are laid out; the cache is updated to this build's files. With
 * `kept`, files of the previous site whose inputs are unchanged are marked
 * `kept`, without a value.
 */
export function layoutSite(
  archive: Archive,
  theme: Theme,
  cache: LayoutCache = new Map(),
  kept?: KeptPages
): VFile[] {
  const {config} = archive
  const fingerprint = (text: string): string =>
    createHash('sha256').update(text).digest('hex').slice(0, 10)
  const stylesheetUrl = routes.assetUrl(`style.${fingerprint(theme.stylesheet)}.css`)
  const scriptUrl = routes.assetUrl(`search.${fingerprint(theme.script)}.js`)
  const iconUrl = routes.assetUrl(`icon.${fingerprint(theme.icon)}.svg`)
  const serializer = unified()
    .use(rehypeFrenchTypography)
    .use(rehypeRelativeUrls)
    .use(rehypeStringify)
    .freeze()
  const files: VFile[] = [
    textFile(stylesheetUrl, theme.stylesheet),
    textFile(scriptUrl, theme.script),
    textFile(iconUrl, theme.icon)
  ]
  const pages: {url: string; alternates: Alternate[]}[] = []
  const laidOut = new Set<string>()
  // Everything every page depends on: the theme and the configuration.
  const siteKey = digest(
    kept?.code ?? '',
    stylesheetUrl,
    scriptUrl,
    iconUrl,
    JSON.stringify(theme.messages),
    JSON.stringify(config)
  )
  const revisions = new Map(archive.issues.map((issue) => [issue.number, issueRevision(issue)]))
  // Which language each issue is shown in, and when that text was corrected: the same for every index.
  const corrections = archive.issues.map((issue) =>
    config.languages.map((lang) => {
      const shown = shownFile(issue, lang)
      return [shown.lang, shown.file?.data.matter?.fields.updated]
    })
  )

  // Lists repeat the same summaries: each is written into keys as its own digest, made once.
  const summaryKeys = new Map<object, string>()
  const short = (_key: string, value: unknown): unknown =>
    (typeof value === 'object' && value !== null && summaryKeys.get(value)) || value

  /**
   * A file made from what `inputs` describe: reused from the cache when they
   * are unchanged, else kept from the previous site when it was made from
   * the same, else made.
   */
  const reuse = (
    url: string,
    info: PageInfo,
    inputs: readonly unknown[],
    value: (file: VFile) => string
  ): VFile => {
    const key = digest(siteKey, url, JSON.stringify(inputs, short))
    const cached = cache.get(url)
    let file = cached?.file
    if (cached?.key !== key || !file) {
      const path = routes.outputPath(url)
      const before = kept?.pages.get(url)
      file = new VFile({path, data: {page: {...info, key}}})
      if (before?.key === key && kept?.has(path))
        file.data.page = {
          ...info,
          key,
          kept: true,
          ...(before.body === undefined ? {} : {body: before.body})
        }
      else file.value = value(file)
    }
    cache.set(url, {key, file})
    laidOut.add(url)
    return file
  }
  /** Lay out a page; an issue page names the file it shows, and is searched. */
  const add = (
    url: string,
    inputs: readonly unknown[],
    tree: () => Root,
    alternates: Alternate[],
    search?: {file: string; lang: Lang; issue: number}
  ): void => {
    const info: PageInfo =
      search === undefined
        ? {url}
        : {
            url,
            origin: search.file,
            searchable: {lang: search.lang, shard: routes.searchShardOf(search.issue)}
          }
    files.push(
      reuse(url, info, inputs, (page) =>
        serializer.stringify(serializer.runSync(tree(), page) as Root, page)
      )
    )
    pages.push({url, alternates})
  }
  const addText = (url: string, inputs: readonly unknown[], text: () => string): void => {
    files.push(reuse(url, {url}, inputs, text))
  }
  const alternatesOf = (urlOf: (lang: Lang) => string): Alternate[] =>
    config.languages.map((lang) => ({
      lang,
      url: urlOf(lang),
      label: theme.messages[lang].languageName
    }))
  const contextOf = (lang: Lang): PageContext => ({
    lang,
    siteTitle: config.title[lang],
    messages: theme.messages[lang],
    format: createFormatter(lang),
    stylesheet: stylesheetUrl,
    script: scriptUrl,
    icon: iconUrl,
    ...(config.url === undefined ? {} : {siteUrl: config.url}),
    ...(config.publisher === undefined ? {} : {publisher: config.publisher[lang]}),
    ...(config.contact === undefined ? {} : {contact: config.contact})
  })

  // The search index's shards after the first, which the search page merges into it.
  const merged = [...new Set(archive.issues.map((issue) => routes.searchShardOf(issue.number)))]
    .sort((a, b) => a - b)
    .slice(1)
  const first = config.languages[0]
  if (first) {
    const titles = config.languages.map((lang) => ({lang, title: config.title[lang]}))
    add(
      routes.rootUrl,
      [],
      () => rootPage(contextOf(first), alternatesOf(routes.homeUrl), titles),
      []
    )
    // Static hosts serve one page for every missing address, in the first language.
    // A host serves it at the missing address, whatever its depth: with the
    // site's address known, a base keeps its relative links right.
    const base = config.url === undefined ? undefined : new URL(config.url).pathname
    add(
      routes.notFoundUrl,
      [],
      () =>
        notFoundPage(
          config.languages.map(contextOf),
          routes.notFoundUrl,
          alternatesOf(routes.homeUrl),
          base
        ),
      []
    )
  }

  for (const lang of config.languages) {
    const context = contextOf(lang)
    const summaries = new Map<Issue, IssueSummary>(
      archive.issues.map((issue) => [issue, summarize(archive, issue, lang)])
    )
    for (const summary of summaries.values())
      summaryKeys.set(summary, digest(JSON.stringify(summary)))
    const newestFirst = [...summaries.values()].reverse()
    const feed = {
      title: format(context.messages.feedTitle, {site: context.siteTitle}),
      url: routes.feedUrl(lang)
    }

    for (const list of listPages(lang, newestFirst)) {
      const alternates = alternatesOf((other) =>
        list.number === undefined ? routes.homeUrl(other) : routes.listPageUrl(other, list.number)
      )
      add(
        list.url,
        [...list.issues, list.total],
        () => homePage(context, list, alternates, feed),
        alternates
      )
    }
    for (const [index, issue] of archive.issues.entries()) {
      const summary = summaries.get(issue)
      if (!summary) continue
      const previous = index > 0 ? summaries.get(archive.issues[index - 1] ?? issue) : undefined
      const next = summaries.get(archive.issues[index + 1] ?? issue)
      const alternates = alternatesOf((other) => routes.issueUrl(other, issue.number))
      const layout = (): Root => {
        const view = issueView(archive, issue, lang, summary, context)
        if (previous && previous !== summary) view.previous = previous
        if (next && next !== summary) view.next = next
        return issuePage(context, view, alternates, feed)
      }
      const file = (issue.files[lang] ?? issue.files[issue.original])?.path ?? ''
      add(summary.url, [revisions.get(issue.number), previous, next], layout, alternates, {
        file,
        lang,
        issue: issue.number
      })
      addText(routes.issueJsonUrl(lang, issue.number), [revisions.get(issue.number)], () =>
        exportIssue(archive, issue, lang)
      )
    }

    const directorates = directorateViews(archive, lang, summaries)
    add(
      routes.directoratesUrl(lang),
      directorates,
      () =>
        directoratesPage(
          context,
          routes.directoratesUrl(lang),
          alternatesOf(routes.directoratesUrl),
          directorates
        ),
      alternatesOf(routes.directoratesUrl)
    )
    for (const directorate of directorates) {
      const alternates = alternatesOf((other) => routes.directorateUrl(other, directorate.code))
      const directorateFeed = {
        title: format(context.messages.directorateFeedTitle, {
          site: context.siteTitle,
          name: directorate.name
        }),
        url: routes.feedUrl(lang, directorate.code)
      }
      add(
        directorate.url,
        [
          directorate.articles.slice(0, recentArticles),
          directorate.years.map((year) => [year.year, year.articles.length])
        ],
        () => directoratePage(context, directorate, alternates, directorateFeed),
        alternates
      )
      for (const year of directorate.years) {
        const yearAlternates = alternatesOf((other) =>
          routes.directorateYearUrl(other, directorate.code, year.year)
        )
        add(
          year.url,
          [year],
          () => directorateYearPage(context, directorate, year, yearAlternates),
          yearAlternates
        )
      }
      // What the feed reads: every issue whose shown file has an article of the directorate
      // (a translation may have one its original lacks), not only the articles of its page.
      const shown = archive.issues
        .filter((issue) =>
          shownFile(issue, lang).file?.data.matter?.sections.some(
            (section) => section.code === directorate.code
          )
        )
        .map((issue) => revisions.get(issue.number))
      addText(directorateFeed.url, [directorate, shown], () =>
        atomFeed(archive, lang, context, directorateFeed, directorate)
      )
    }

    const years = yearViews(archive, lang, summaries)
    add(
      routes.archiveUrl(lang),
      years,
      () => archivePage(context, routes.archiveUrl(lang), alternatesOf(routes.archiveUrl), years),
      alternatesOf(routes.archiveUrl)
    )
    for (const year of years) {
      const alternates = alternatesOf((other) => routes.yearUrl(other, year.year))
      add(year.url, [year], () => yearPage(context, year, alternates), alternates)
    }

    add(
      routes.latestUrl(lang),
      [newestFirst[0]],
      () =>
        latestPage(context, routes.latestUrl(lang), alternatesOf(routes.latestUrl), newestFirst[0]),
      alternatesOf(routes.latestUrl)
    )
    add(
      routes.searchUrl(lang),
      [merged],
      () => searchPage(context, routes.searchUrl(lang), alternatesOf(routes.searchUrl), merged),
      alternatesOf(routes.searchUrl)
    )
    add(
      routes.accessibilityUrl(lang),
      [],
      () =>
        accessibilityPage(
          context,
          routes.accessibilityUrl(lang),
          alternatesOf(routes.accessibilityUrl)
        ),
      alternatesOf(routes.accessibilityUrl)
    )
    addText(feed.url, [...revisions.values()], () => atomFeed(archive, lang, context, feed))
    // The index shows what lists show, and when each text was corrected: not the articles.
    addText(routes.jsonUrl(lang), [...summaries.values(), corrections], () =>
      exportIndex(archive, lang, summaries, context.messages)
    )
  }

  if (config.url !== undefined) {
    files.push(
      textFile(
        routes.sitemapUrl,
        sitemap(
          config.url,
          pages.filter((item) => item.url !== routes.notFoundUrl)
        )
      )
    )
  }
  for (const url of cache.keys()) {
    if (!laidOut.has(url)) cache.delete(url)
  }
  return files
}

/** What an issue's pages are made from: its number, date and files. */
function issueRevision(issue: Issue): string {
  const files = Object.entries(issue.files).map(
    ([lang, file]) => `${lang} ${file.data.revision ?? digest(String(file.value))}`
  )
  return digest(String(issue.number), issue.date, issue.original, ...files.sort())
}

function textFile(url: string, value: string): VFile {
  return new VFile({path: routes.outputPath(url), value, data: {page: {url}}})
}

/**
 * The home and the numbered pages of a language's issue list. Pages count
 * from the oldest issue, so page 1 always holds issues 1 to 24; the home
 * shows the newest issues whatever page they are on.
 */
function listPages(lang: Lang, newestFirst: readonly IssueSummary[]): ListPage[] {
  const oldestFirst = [...newestFirst].reverse()
  const total = Math.ceil(oldestFirst.length / routes.listPageSize)
  const pageUrl = (n: number): string => routes.listPageUrl(lang, n)
  // The home's older issues start on the page of the first issue it leaves out.
  const leftOut = oldestFirst.length - routes.listPageSize - 1
  const home: ListPage = {
    url: routes.homeUrl(lang),
    issues: newestFirst.slice(0, routes.listPageSize),
    total,
    pageUrl,
    ...(leftOut >= 0 ? {older: pageUrl(Math.floor(leftOut / routes.listPageSize) + 1)} : {})
  }
  const pages = Array.from({length: total}, (_, index): ListPage => {
    const number = index + 1
    const issues = oldestFirst
      .slice(index * routes.listPageSize, number * routes.listPageSize)
      .reverse()
    return {
      url: pageUrl(number),
      number,
      issues,
      total,
      pageUrl,
      ...(number < total ? {newer: pageUrl(number + 1)} : {}),
      ...(number > 1 ? {older: pageUrl(number - 1)} : {})
    }
  })
  return [home, ...pages]
}
