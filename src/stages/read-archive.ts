/**
 * The stages up to the archive (configuration, front matter, archive), for
 * the build and for the commands that need the issues but not the site:
 * `new`, `status`, `import`.
 */
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import type {VFileMessage} from 'vfile-message'
import {buildArchive, type Archive} from './archive.ts'
import {parseConfig} from '../model/config.ts'
import {parseIssueFile} from './front-matter.ts'
import {defaultLayouts, loadSources, type Sources} from './load.ts'
import {hasErrors, warn} from '../model/message.ts'
import type {IssueMatter} from '../model/types.ts'
import {textDigest, unpackMatter, type StoredIssueMatter} from '../engine/matter-cache.ts'

/**
 * Front matters of the last build, by file path: reused while the file's
 * text and the configuration are the same. In the same process (`bulletin
 * dev`) an entry holds the text; read back from the disk cache, its digest
 * only, until a file's text is found to match it.
 */
export type MatterCache = Map<
  string,
  {
    value?: string
    digest?: string
    config: string
    matter: IssueMatter | undefined
    /** Read back from the disk cache: the front matter, until the text is known (see `matter-cache.ts`). */
    stored?: StoredIssueMatter
    messages: VFileMessage[]
  }
>

/** Whether an entry was made from `value`: by the text itself, else by its digest. */
function madeFrom(entry: NonNullable<ReturnType<MatterCache['get']>>, value: string): boolean {
  if (entry.value !== undefined) return entry.value === value
  if (entry.digest !== textDigest(value)) return false
  if (entry.stored) {
    const matter = unpackMatter(entry.stored, value)
    if (!matter) return false
    entry.matter = matter
    delete entry.stored
  }
  entry.value = value
  return true
}

/**
 * From the loaded sources to the archive: the configuration parsed, each
 * issue file of a configured language read, the issues assembled. Problems
 * land on the files; `undefined` when the configuration is unusable. With
 * `matters`, unchanged files are not parsed again.
 */
export function assembleArchive(
  sources: Sources,
  drafts: boolean,
  matters?: MatterCache
): Archive | undefined {
  const config = hasErrors([sources.config]) ? undefined : parseConfig(sources.config)
  if (!config) return undefined
  for (const file of sources.issues) {
    const lang = file.data.source?.lang
    if (lang !== undefined && !config.languages.includes(lang)) {
      warn(
        file,
        `Ignored: \`${lang}\` is not among the site’s \`languages\` in site.yml`,
        undefined,
        'unknown-language'
      )
    }
  }
  const issueFiles = sources.issues.filter(
    (file) =>
      file.data.source && config.languages.includes(file.data.source.lang) && !hasErrors([file])
  )
  const configKey = JSON.stringify(config)
  for (const file of issueFiles) {
    const value = String(file.value)
    const kept = matters?.get(file.path)
    if (kept && kept.config === configKey && madeFrom(kept, value)) {
      if (kept.matter) file.data.matter = kept.matter
      file.messages.push(...kept.messages)
      continue
    }
    const before = file.messages.length
    parseIssueFile(file, config)
    matters?.set(file.path, {
      value,
      config: configKey,
      matter: file.data.matter,
      messages: file.messages.slice(before)
    })
  }
  if (matters) {
    const paths = new Set(issueFiles.map((file) => file.path))
    for (const path of matters.keys()) if (!paths.has(path)) matters.delete(path)
  }
  return buildArchive(config, issueFiles, drafts)
}

/** The archive, drafts included, or the files that say why there is none. */
export type ReadArchive = {archive: Archive; files: VFile[]} | {archive: undefined; files: VFile[]}

/** Read `content` (relative to `cwd`) into its archive, drafts included. */
export async function readArchive(content: string, cwd: string): Promise<ReadArchive> {
  const sources = await loadSources({content: resolve(cwd, content), layouts: defaultLayouts, cwd})
  return {archive: assembleArchive(sources, true), files: [sources.config, ...sources.issues]}
}

/** Every issue number the files give, even those of issues the archive leaves out. */
export function usedNumbers(files: readonly VFile[]): Set<number> {
  return new Set(
    files.flatMap((file) =>
      file.data.matter?.fields.issue === undefined ? [] : [file.data.matter.fields.issue]
    )
  )
}
