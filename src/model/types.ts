/**
 * The shapes that travel between stages, and what each stage adds to
 * `file.data` on the VFiles it handles.
 */
import type {Root as HastRoot} from 'hast'
import type {Point, Position} from 'unist'

/** The languages Bulletin has message catalogues and URL schemes for. */
export const supportedLanguages = ['fr', 'en'] as const

/** A language code of the site. */
export type Lang = (typeof supportedLanguages)[number]

/** One contributor of articles: a directorate, a prefecture, the Secretariat-General… */
export interface Directorate {
  /** Code used as the section key in issue files, e.g. `DNUM`. */
  code: string
  /** Name in each language. */
  name: Record<Lang, string>
}

/** The validated content of `site.yml`. */
export interface SiteConfig {
  /** Site title in each language. */
  title: Record<Lang, string>
  /** Who publishes the newsletter, in each language, for the header and the footer. */
  publisher?: Record<Lang, string>
  /** The newsletter's e-mail address, for contributions and accessibility problems. */
  contact?: string
  /** Languages of the site; the first is the one issues are written in. */
  languages: Lang[]
  /** Absolute URL where the site is published, ending in `/` (feeds, sitemap). */
  url?: string
  /** Contributors, in the order tables of contents list them. */
  directorates: Directorate[]
  /**
   * Keep raw HTML written in the Markdown (off by default). Even then it is
   * sanitized: no script, event handler, frame or `javascript:` URL.
   */
  rawHtml: boolean
}

/** A piece of Markdown and the line of the file it starts on. */
export interface MarkdownPart {
  /** The Markdown text. */
  value: string
  /** 1-based line of the source file where `value` starts (at column 1). */
  line: number
}

/** One article of an issue file: a front-matter section. */
export interface Section {
  /** Directorate code, the section key (`---DNUM`). */
  code: string
  /** Stable anchor shared by both languages. */
  id: string
  /** Article title. */
  title: string
  /** Article body. */
  body: MarkdownPart
  /** Where the section's delimiter line is. */
  position: Position
}

/** The issue fields of an issue file's front matter. */
export interface IssueFields {
  issue?: number
  date?: string
  title: string
  summary?: string
  /** `YYYY-MM-DD`: when this file was last corrected, if it was. */
  updated?: string
  draft: boolean
}

/** What the front-matter stage reads from an issue file. */
export interface IssueMatter {
  fields: IssueFields
  /** Where each given field's value is, for messages about it. */
  fieldPositions: Partial<Record<keyof IssueFields, Position>>
  /** Markdown between the front matter and the first section, if any. */
  intro?: MarkdownPart
  sections: Section[]
}

/** Where an issue file comes from, set by the load stage. */
export interface SourceInfo {
  /** Name of the issue folder under `issues/`. */
  folder: string
  /** Language of the file (its name). */
  lang: Lang
  /**
   * Files beside it in the issue folder: `/`-separated paths relative to it,
   * in Unicode NFC, mapped to their absolute path on disk.
   */
  assets: ReadonlyMap<string, string>
}

/** A rendered Markdown part: its hast, and its plain text (for the JSON export), made once with it. */
export interface RenderedPart {
  tree: HastRoot
  text: string
}

/** What the render stage produces for one issue file. */
export interface RenderedIssue {
  intro?: RenderedPart
  /** Rendered sections by id. */
  sections: Map<string, RenderedPart>
}

/** A page or file of the built site. */
export interface PageInfo {
  /** Site-absolute URL of the page, e.g. `/fr/numeros/1/`. */
  url: string
  /** Path of the issue file the page shows, for messages about the output. */
  origin?: string
  /** The key of what the file was laid out from (see `layout.ts`). */
  key?: string
  /**
   * Set on a file the previous build wrote from the same inputs: it has no
   * value, and is linked from the previous site.
   */
  kept?: boolean
  /** The digest of what the search index reads of a searchable page (see `bodyDigest`). */
  body?: string
  /** Set on the pages the search index takes in (issue pages only): their language, and the shard of the index that holds them. */
  searchable?: {lang: Lang; shard: number}
}

/** A file to copy from the content folder into the output. */
export interface AssetCopy {
  /** Absolute path of the source file. */
  from: string
  /** Output path relative to the output folder, `/`-separated. */
  to: string
}

declare module 'vfile' {
  interface DataMap {
    /** Set by the load stage on issue files. */
    source: SourceInfo
    /** Set by the front-matter stage on issue files. */
    matter: IssueMatter
    /** Set by the render stage on issue files. */
    rendered: RenderedIssue
    /** Issue assets that a file's Markdown uses, relative to its folder. */
    usedAssets: Set<string>
    /** Set on part files while rendering: prefix for ids of this part. */
    idPrefix: string
    /** Set on part files while rendering: issue folders its links consulted. */
    linkTargets: Set<string>
    /** Set by the render stage on issue files: changes whenever their rendering may. */
    revision: string
    /** Set by the layout stage on output pages. */
    page: PageInfo
  }
}

export type {Point, Position}
