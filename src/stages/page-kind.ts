/**
 * A kind of file of the site as steps of the store: the file's text from
 * what its layout reads, and for HTML pages the page before its assets'
 * fingerprints are filled in (see `asset-slots.ts`), so that a change of
 * the stylesheet fills the kept pages again instead of laying them out.
 */
import type {Root} from 'hast'
import {VFile} from 'vfile'
import {step, type Arg, type Read, type Step} from '../engine/store.ts'
import {digest} from '../engine/digest.ts'
import * as routes from '../model/routes.ts'
import type {Lang, PageInfo} from '../model/types.ts'
import type {Issue} from './archive.ts'
import {
  decodeSlots,
  emptySlots,
  encodeSlots,
  fillSlots,
  type AssetFingerprints,
  type Slot
} from './asset-slots.ts'
import {serializeTemplate} from './serialize-page.ts'
import {assetsInput} from './site-steps.ts'

/**
 * A laid-out file: its text, or a mark that the previous site holds it as
 * this build would make it. A searchable page carries the digest of what
 * the search index reads of it.
 */
export type Laid = {text: string; body?: string; digest?: string} | {kept: true; body?: string}

/**
 * A page before its assets' fingerprints are filled in (see
 * `asset-slots.ts`): its text with placeholders, or, kept from the previous
 * site, the digest of that text. Its slots say where the fingerprints go.
 */
export type Template = ({text: string} | {kept: true}) & {
  /** Digest of the text: the file's own is made from it and the assets' fingerprints. */
  digest: string
  slots: Slot[]
  body?: string
}

/** A kind of file: its step, its address, and for pages the addresses of the same page in each language. */
export interface PageKind<A extends Arg> {
  step: Step<A, Laid>
  /** For HTML pages, the step of the page before its assets are filled in. */
  template?: Step<A, Template>
  /**
   * For HTML pages, the step of the page's tree, which the template
   * serializes: released once the template is made, as serializing changes
   * it (see {@link PageEnvironment.serialized}).
   */
  tree?: Step<A, Root>
  url: (arg: A) => string
  /** For HTML pages: the page's address in another language (none for the root and the 404). */
  html?: {alternate?: (arg: A, lang: Lang) => string}
  /** For issue pages, which the search index takes in. */
  issue?: (arg: A) => {lang: Lang; number: number}
}

/** What page steps need from outside the store: the files of the previous site that are still as it left them. */
export interface PageEnvironment {
  /** Whether the previous site still holds a file as it was. */
  has?: (path: string) => boolean
  /** A file of the previous site that `has` holds, as it is: the caller checks its bytes. */
  read?: (path: string) => Uint8Array | undefined
  /**
   * Templates serialized ahead on other threads, by the very tree they were
   * serialized from (see `layout-threads.ts`): a template step whose tree
   * is one of these takes its template instead of serializing the tree.
   */
  serialized?: WeakMap<Root, Template>
}

/** What lays out a file: its text, or for an HTML page its tree. */
export type Make<A extends Arg> = (read: Read, arg: A, url: string) => string | Root

/** The steps of a kind of file, made by `make`, found at `url`. */
export function kind<A extends Arg>(
  environment: PageEnvironment,
  name: string,
  url: (arg: A) => string,
  make: Make<A>,
  more: Omit<PageKind<A>, 'step' | 'url'> = {}
): PageKind<A> {
  const searched = more.issue !== undefined
  const revive = (fingerprint: string, arg: A): Laid | undefined => {
    if (!environment.has?.(routes.outputPath(url(arg)))) return undefined
    const body = fingerprint.split(' ')[1]
    return body === undefined ? {kept: true} : {kept: true, body}
  }
  const fingerprint = (laid: Laid): string =>
    `${'text' in laid ? (laid.digest ?? digest(laid.text)) : 'kept'} ${laid.body ?? ''}`.trimEnd()
  if (!more.html) {
    const run = (read: Read, arg: A): Laid => ({text: make(read, arg, url(arg)) as string})
    return {step: step(name, run, {fingerprint, revive}), url, ...more}
  }
  const {tree, template} = templateSteps(environment, name, url, make, searched)
  const run = (read: Read, arg: A): Laid => {
    const page = read(template, arg)
    const assets = read(assetsInput, '') as AssetFingerprints
    const text = fillSlots(
      'text' in page ? page.text : keptTemplate(environment, url(arg), page),
      page.slots,
      assets
    )
    // The template's digest and the fingerprints say what the text is, without hashing it again.
    const filled = digest(page.digest, assets.stylesheet, assets.script, assets.icon)
    return page.body === undefined
      ? {text, digest: filled}
      : {text, body: page.body, digest: filled}
  }
  return {step: step(`${name}-file`, run, {fingerprint, revive}), template, tree, url, ...more}
}

/** The steps of a kind of page before its assets are filled in: its tree, then its template. */
function templateSteps<A extends Arg>(
  environment: PageEnvironment,
  name: string,
  url: (arg: A) => string,
  make: Make<A>,
  searched: boolean
): {tree: Step<A, Root>; template: Step<A, Template>} {
  // By its inputs: hashing a tree would cost as much as serializing it.
  const tree = step(`${name}-tree`, (read, arg: A) => make(read, arg, url(arg)) as Root, {
    fingerprint: 'inputs'
  })
  const run = (read: Read, arg: A): Template => {
    const made = read(tree, arg)
    return environment.serialized?.get(made) ?? serializeTemplate(made, url(arg), searched)
  }
  const template = step(name, run, {
    fingerprint: (page) => `${page.digest} ${page.body ?? '-'} ${encodeSlots(page.slots)}`,
    revive: (fingerprint, arg) => {
      if (!environment.has?.(routes.outputPath(url(arg)))) return undefined
      const [digested, body, encoded] = fingerprint.split(' ')
      const slots = decodeSlots(encoded ?? '')
      if (digested === undefined || body === undefined || !slots) return undefined
      const kept: Template = {kept: true, digest: digested, slots}
      return body === '-' ? kept : {...kept, body}
    }
  })
  return {tree, template}
}

/**
 * The template of a page the previous site holds, from its bytes there:
 * slots emptied, they must be the text whose digest the page's (signed)
 * record holds, which covers every byte but the fingerprints replaced.
 */
function keptTemplate(environment: PageEnvironment, url: string, page: Template): string {
  const path = routes.outputPath(url)
  const bytes = environment.read?.(path)
  const template = bytes && emptySlots(Buffer.from(bytes).toString('utf8'), page.slots)
  if (template === undefined || digest(template) !== page.digest)
    throw new Error(
      `The previous site's ${path} changed while this build was taking it: build again`
    )
  return template
}

/** The file of a laid-out value, with what the later stages need to know of it. */
export function fileOf(
  kind: PageKind<Arg>,
  arg: Arg,
  laid: Laid,
  issues: ReadonlyMap<number, Issue>
): VFile {
  const url = kind.url(arg)
  const info: PageInfo = {url}
  const issue = kind.issue?.(arg)
  if (issue) {
    const shown = issues.get(issue.number)
    const file = shown?.files[issue.lang] ?? shown?.files[shown.original]
    if (file) info.origin = file.path
    info.searchable = {lang: issue.lang, shard: routes.searchShardOf(issue.number)}
  }
  if (laid.body !== undefined) info.body = laid.body
  if ('kept' in laid) info.kept = true
  return new VFile({
    path: routes.outputPath(url),
    ...('text' in laid ? {value: laid.text} : {}),
    data: {page: info}
  })
}
