/**
 * What the layouts receive: plain data prepared by the layout stage
 * (`src/layout.ts`). URLs are site-absolute (`/fr/numeros/1/`); the layout
 * stage makes them relative once the page is laid out.
 */
import type {ElementContent} from 'hast'
import type {Child} from 'hastscript'
import type {Formatter, Messages} from '../src/model/i18n.ts'
import type {Lang} from '../src/model/types.ts'

/** What every page shares. */
export interface PageContext {
  lang: Lang
  /** Site title in the page's language. */
  siteTitle: string
  messages: Messages
  format: Formatter
  /** URL of the stylesheet. */
  stylesheet: string
  /** URL of the theme's script (search, highlighting). */
  script: string
  /** URL of the site's icon. */
  icon: string
  /** The site's absolute address (`url` in site.yml), when it is known. */
  siteUrl?: string
  /** Who publishes the newsletter, in the page's language. */
  publisher?: string
  /** The newsletter's e-mail address. */
  contact?: string
}

/** The same page in another language, for the switcher and `hreflang`. */
export interface Alternate {
  lang: Lang
  url: string
  /** The language's own name ("English"). */
  label: string
}

/** The document shell's inputs. */
export interface Shell {
  /** The page's `<title>`. */
  title: string
  description?: string
  url: string
  alternates: Alternate[]
  main: Child
  /** More stylesheets and scripts (deferred), for the pages that search. */
  stylesheets?: string[]
  scripts?: string[]
  /** Atom feeds to announce in `<head>`. */
  feeds?: {title: string; url: string}[]
  /** Base of relative links, for a page served at other addresses than its own (404). */
  base?: string
  /** What a printed page repeats at its top; the site's title by default. */
  printHead?: string
  /** A script run first, before the stylesheet is requested (the 404 page's {@link rootFinder}). */
  inlineScript?: string
  /** Send the reader on to this URL at once (no JavaScript needed). */
  redirect?: string
  /** The pages before and after this one in a list of pages. */
  sequence?: {prev?: string; next?: string}
}

/** A text and the language it is written in, when not the page's. */
export interface Text {
  value: string
  lang?: Lang
}

/** An issue as lists and links show it. */
export interface IssueSummary {
  number: number
  date: string
  url: string
  title: Text
  summary?: Text
  /** Directorates with articles in it, in table-of-contents order. */
  directorates: {code: string; name: string}[]
}

/** One article of an issue page. */
export interface ArticleView {
  id: string
  directorate: string
  title: Text
  /** Rendered body, in `lang` when it falls back to the original. */
  body: ElementContent[]
  lang?: Lang
  /** Notice shown when the article is not translated. */
  notice?: string
}

/** An issue page. */
export interface IssueView extends IssueSummary {
  /** `YYYY-MM-DD`: when the text shown was last corrected. */
  updated?: string
  notice?: string
  intro?: {body: ElementContent[]; lang?: Lang}
  articles: ArticleView[]
  previous?: IssueSummary
  next?: IssueSummary
}

/** One article in a directorate's list. */
export interface DirectorateArticle {
  issue: IssueSummary
  id: string
  /** The article in its issue page: `…/numeros/1/#dnum`. */
  url: string
  title: Text
}

/** A directorate and its articles, newest first. */
export interface DirectorateView {
  code: string
  name: string
  url: string
  /** Every article, newest first. */
  articles: DirectorateArticle[]
  /** The years it published in, newest first, each with its articles. */
  years: DirectorateYear[]
}

/**
 * What a directorate's page shows: its recent articles, how many it has,
 * and its years with their counts. Nothing more, so that its value is what
 * its pages read (an article further back is on the year pages only).
 */
export interface DirectorateSummary {
  code: string
  name: string
  url: string
  /** How many articles it published. */
  count: number
  /** Its newest articles, newest first. */
  recent: DirectorateArticle[]
  years: {year: string; url: string; count: number}[]
}

/** A directorate's articles of one year, newest first. */
export interface DirectorateYear {
  year: string
  url: string
  articles: DirectorateArticle[]
}

/** A year of the archive, its issues grouped by month (`YYYY-MM`), newest first. */
export interface YearView {
  year: string
  url: string
  count: number
  months: {month: string; issues: IssueSummary[]}[]
}
