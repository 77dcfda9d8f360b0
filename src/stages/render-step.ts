/**
 * The render stage as steps of the store: an issue file's rendering reads
 * its front matter, its folder (`issue-source`: language and files), its
 * language's processor (by the key of what shapes its output) and each
 * issue folder its links consulted (`link-target`), so that it is made
 * again only when one of them changed. Its fingerprint, made of theirs, is
 * the file's revision, which the pages read. The value is kept on disk
 * with its record, its trees serialized apart and taken back only when a
 * page shows them.
 *
 * The processors themselves are not values of the store: the build gives
 * them (see {@link RenderEnvironment}), and what they depend on is read
 * as above. Renderings the build made ahead on other threads wait there
 * too, and the step takes its own instead of rendering it again.
 */
import {deserialize, serialize} from 'node:v8'
import {input, step, type Step, type Store} from '../engine/store.ts'
import {reviveMessages, storeMessages, type StoredMessage} from '../model/message.ts'
import type {Lang, RenderedIssue, SourceInfo} from '../model/types.ts'
import type {Archive, LinkTarget} from './archive.ts'
import {frontMatterStep} from './front-matter-step.ts'
import {renderIssue, type Processors, type Rendering} from './render.ts'

/** A language's processor, by its key. */
export const processorInput = input<Lang, string | undefined>('processor')
/** An issue file's folder: its language and the files beside it. */
export const sourceInput = input<string, SourceInfo | undefined>('issue-source')
/** What a link into an issue folder sees of it. */
export const targetInput = input<string, LinkTarget | undefined>('link-target')

/** What the build gives the render steps: this build's processors, and renderings made ahead. */
export interface RenderEnvironment {
  processors: Processors
  archive: Archive
  ahead: Map<string, Rendering>
}

/** Where the render stage runs: the store and its render step, and the environment that step reads. */
export interface RenderPlace {
  store: Store
  step: Step<string, Rendering | undefined>
  environment: {current?: RenderEnvironment}
}

/** A rendering as stored: its folders, messages and assets, and its trees serialized. */
type StoredRendering = [
  targets: string[],
  messages: StoredMessage[],
  assets: string[],
  trees: Uint8Array
]

/** The render step of a store whose build gives its environment through `environment`. */
export function renderStepOf(
  environment: () => RenderEnvironment | undefined
): Step<string, Rendering | undefined> {
  return step(
    'rendering',
    (read, path: string) => {
      const {matter} = read(frontMatterStep, path)
      const source = read(sourceInput, path)
      const key = source && read(processorInput, source.lang)
      const given = environment()
      const language = source && given?.processors[source.lang]
      if (!matter || !source || key === undefined || !given || !language) return undefined
      const made = given.ahead.get(path) ?? renderIssue(path, matter, source, language.processor)
      for (const folder of made.targets) read(targetInput, folder)
      return made
    },
    {fingerprint: 'inputs', persist: {save, load}}
  )
}

/** The render stage's inputs, for the store to revive its records by name. */
export const renderInputs = [processorInput, sourceInput, targetInput] as const

/**
 * Set the render steps' inputs into the store's current revision; with
 * `only`, those of the files given alone, for a build that changed only
 * them and left every link target as it was (see `engine/build-changed.ts`).
 */
export function setRenderInputs(
  store: Store,
  archive: Archive,
  processors: Processors,
  sources: ReadonlyMap<string, SourceInfo>,
  only = false
): void {
  for (const lang of archive.config.languages) {
    const key = processors[lang]?.key
    if (key === undefined) store.remove(processorInput, lang)
    else store.set(processorInput, lang, key, key)
  }
  for (const [path, source] of sources)
    if (store.peek(sourceInput, path) !== source)
      store.set(sourceInput, path, source, sourceFingerprint(source))
  if (only) return
  for (const path of store.args(sourceInput))
    if (!sources.has(path)) store.remove(sourceInput, path)
  for (const [folder, target] of archive.targets)
    store.set(targetInput, folder, target, targetDigest(target))
  for (const folder of store.args(targetInput))
    if (!archive.targets.has(folder)) store.remove(targetInput, folder)
}

function sourceFingerprint(source: SourceInfo): string {
  return JSON.stringify([source.folder, source.lang, [...source.assets]])
}

/** What a link into an issue folder can see of it. */
export function targetDigest(target: LinkTarget | undefined): string {
  if (target === undefined) return 'none'
  if (target.kind !== 'issue') return target.kind
  return `issue ${target.number} ${target.original} ${target.langs.join(',')} ${[...target.sectionIds].sort().join(',')}`
}

function save(made: Rendering | undefined): StoredRendering | null {
  if (!made) return null
  return [
    [...made.targets],
    storeMessages(made.messages),
    [...made.usedAssets],
    serialize(made.rendered)
  ]
}

/** A rendering read back: checked for its shape, its trees deserialized when a page first shows them. */
function load(data: unknown, path: string): Rendering | undefined {
  if (!Array.isArray(data) || data.length !== 4) return undefined
  const [targets, messages, assets, trees] = data as unknown[]
  if (!isStrings(targets) || !isStrings(assets) || !Array.isArray(messages)) return undefined
  if (!(trees instanceof Uint8Array)) return undefined
  let rendered: RenderedIssue | undefined
  const made = {
    targets,
    messages: reviveMessages(path, messages as StoredMessage[]),
    usedAssets: new Set(assets)
  }
  return Object.defineProperty(made, 'rendered', {
    get: () => (rendered ??= deserialize(trees) as RenderedIssue),
    enumerable: true
  }) as unknown as Rendering
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}
