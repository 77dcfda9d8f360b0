/**
 * The front matter as a step of the store: each issue file's text is an
 * input, and what `parseIssueFile` makes of it (the front matter and the
 * messages) a step that reads the text and the configuration. The step
 * keeps its value on disk with its record (see `Persist`), so that a build
 * in a new process, like the dev server from one save to the next, parses
 * only the files whose text or configuration changed (the YAML, schema and
 * sections of 8,000 files: about 1.5 s). On disk, each Markdown part is
 * kept as where it lies in its file (line and length) and sliced out of
 * the text again, so the archive's text is not stored twice.
 */
import {createHash} from 'node:crypto'
import {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {digest} from '../engine/digest.ts'
import {input, step, type Peek, type Store} from '../engine/store.ts'
import {reviveMessages, storeMessages, type StoredMessage} from '../model/message.ts'
import type {IssueMatter, MarkdownPart, Section, SiteConfig} from '../model/types.ts'
import {parseIssueFile} from './front-matter.ts'
import {configInput} from './site-steps.ts'

/** An issue file's text, by path. */
export const issueTextInput = input<string, string | undefined>('issue-text')

/** What the front matter stage makes of one file. */
export interface ParsedMatter {
  /** Set only when the file has no error. */
  matter: IssueMatter | undefined
  messages: VFileMessage[]
}

/** A Markdown part as stored: where it lies in its file's text when it is a slice of it (most are). */
type StoredPart = MarkdownPart | {line: number; length: number}

/** A front matter as stored: its Markdown parts by where they lie. */
export type StoredIssueMatter = Omit<IssueMatter, 'intro' | 'sections'> & {
  intro?: StoredPart
  sections: (Omit<Section, 'body'> & {body: StoredPart})[]
}

/** One file's front matter as stored: the front matter, if any, and the messages. */
type StoredMatter = [StoredIssueMatter | null, StoredMessage[]]

/** An issue file's front matter and messages, made from its text and the configuration. */
export const frontMatterStep = step(
  'front-matter',
  (read, path: string): ParsedMatter => {
    const value = read(issueTextInput, path)
    const file = new VFile({path, value: value ?? ''})
    if (value !== undefined) parseIssueFile(file, read(configInput, '') as SiteConfig)
    return {matter: file.data.matter, messages: file.messages}
  },
  {
    // By value: a change of site.yml that leaves a file's front matter as it was reaches no rendering.
    fingerprint: ({matter, messages}) =>
      digest(JSON.stringify([matter ?? null, storeMessages(messages)])),
    persist: {save, load}
  }
)

/** The queries of this stage, for the store to revive them by name. */
export const frontMatterQueries = [issueTextInput, frontMatterStep] as const

/**
 * Set each file's front matter and messages from the store: the texts and
 * the configuration are set as inputs of the store's current revision, and
 * a file whose text and configuration are unchanged is not parsed again.
 */
export function frontMatters(store: Store, config: SiteConfig, files: readonly VFile[]): void {
  store.set(configInput, '', config, digest(JSON.stringify(config)))
  const present = new Set<string>()
  for (const file of files) {
    present.add(file.path)
    setText(store, file)
  }
  for (const path of store.args(issueTextInput))
    if (!present.has(path)) store.remove(issueTextInput, path)
  for (const file of files) takeMatter(store, file)
}

/**
 * Set the front matter and messages of files read again, and of those
 * alone: the configuration is the one already set (a dev server's save
 * that changed only these files, see `engine/build-changed.ts`).
 */
export function frontMattersOf(store: Store, files: readonly VFile[]): void {
  for (const file of files) {
    setText(store, file)
    takeMatter(store, file)
  }
}

function setText(store: Store, file: VFile): void {
  const value = String(file.value)
  // The same string from save to save (the load stage's texts): not hashed again.
  if (store.peek(issueTextInput, file.path) !== value)
    store.set(issueTextInput, file.path, value, textDigest(value))
}

function takeMatter(store: Store, file: VFile): void {
  const {matter, messages} = store.get(frontMatterStep, file.path)
  if (matter) file.data.matter = matter
  file.messages.push(...messages)
}

function textDigest(value: string): string {
  return createHash('sha256').update(value).digest('base64')
}

function save(parsed: ParsedMatter, path: string, peek: Peek): StoredMatter {
  const text = peek(issueTextInput, path) ?? ''
  return [parsed.matter ? packMatter(parsed.matter, text) : null, storeMessages(parsed.messages)]
}

/** The front matter read back: checked for its shape, each part sliced out of the text again. */
function load(data: unknown, path: string, peek: Peek): ParsedMatter | undefined {
  if (!Array.isArray(data) || data.length !== 2) return undefined
  const [stored, messages] = data as unknown[]
  if (!Array.isArray(messages) || !(stored === null || isMatter(stored))) return undefined
  const text = peek(issueTextInput, path)
  const matter = stored && text !== undefined ? unpackMatter(stored, text) : undefined
  if (stored && !matter) return undefined
  return {matter, messages: reviveMessages(path, messages as StoredMessage[])}
}

/** Offsets of the start of each line of `text`: line n starts at `starts[n - 1]`. */
function lineStarts(text: string): number[] {
  const starts = [0]
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1)
  return starts
}

/** A front matter as stored: each Markdown part that is a slice of `text` by where it lies. */
export function packMatter(matter: IssueMatter, text: string): StoredIssueMatter {
  const starts = lineStarts(text)
  const pack = (part: MarkdownPart): StoredPart => {
    const at = starts[part.line - 1]
    return at !== undefined && text.startsWith(part.value, at)
      ? {line: part.line, length: part.value.length}
      : part
  }
  const {intro, ...rest} = matter
  return {
    ...rest,
    ...(intro ? {intro: pack(intro)} : {}),
    sections: matter.sections.map((section) => ({...section, body: pack(section.body)}))
  }
}

/**
 * The front matter read back for the file whose text is `text` (its digest
 * matched): each Markdown part sliced out of it again; undefined when a
 * part does not fit in the text.
 */
export function unpackMatter(stored: StoredIssueMatter, text: string): IssueMatter | undefined {
  const starts = lineStarts(text)
  const unpack = (part: StoredPart): MarkdownPart | undefined => {
    if ('value' in part) return typeof part.value === 'string' ? part : undefined
    const at = starts[part.line - 1]
    if (at === undefined || at + part.length > text.length) return undefined
    return {value: text.slice(at, at + part.length), line: part.line}
  }
  const intro = stored.intro && unpack(stored.intro)
  if (stored.intro && !intro) return undefined
  const sections: Section[] = []
  for (const section of stored.sections) {
    const body = unpack(section.body)
    if (!body) return undefined
    sections.push({...section, body})
  }
  const {intro: _packed, ...rest} = stored
  return {...rest, ...(intro ? {intro} : {}), sections}
}

function isMatter(value: unknown): value is StoredIssueMatter {
  if (typeof value !== 'object' || value === null) return false
  const matter = value as Record<string, unknown>
  return (
    typeof matter.fields === 'object' &&
    matter.fields !== null &&
    typeof matter.fieldPositions === 'object' &&
    Array.isArray(matter.sections)
  )
}
