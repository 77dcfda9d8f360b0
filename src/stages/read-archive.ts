/**
 * The stages up to the archive (configuration, front matter, archive), for
 * the build and for the commands that need the issues but not the site:
 * `new`, `status`, `import`.
 */
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import {buildArchive, type Archive} from './archive.ts'
import {parseConfig} from '../model/config.ts'
import {parseIssueFile} from './front-matter.ts'
import {defaultLayouts, loadSources, type Sources} from './load.ts'
import {hasErrors, warn} from '../model/message.ts'
import type {SiteConfig} from '../model/types.ts'

/** How the front matters of the issue files are set (`file.data.matter`, and the messages). */
export type ParseMatters = (config: SiteConfig, files: readonly VFile[]) => void

function parseEach(config: SiteConfig, files: readonly VFile[]): void {
  for (const file of files) parseIssueFile(file, config)
}

/**
 * From the loaded sources to the archive: the configuration parsed, each
 * issue file of a configured language read, the issues assembled. Problems
 * land on the files; `undefined` when the configuration is unusable.
 * `parse` sets each file's front matter: by default each is parsed, and a
 * build gives the store's (see `front-matter-step.ts`), which parses only
 * the files whose text or configuration changed.
 */
export function assembleArchive(
  sources: Sources,
  drafts: boolean,
  parse: ParseMatters = parseEach
): Archive | undefined {
  const config = hasErrors([sources.config]) ? undefined : parseConfig(sources.config)
  if (!config) return undefined
  const issueFiles = publishable(config, sources.issues)
  parse(config, issueFiles)
  return buildArchive(config, issueFiles, drafts)
}

/**
 * The issue files that go on to the archive: those of a configured
 * language without an error of their own; the others get a warning.
 */
export function publishable(config: SiteConfig, files: readonly VFile[]): VFile[] {
  for (const file of files) {
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
  return files.filter(
    (file) =>
      file.data.source && config.languages.includes(file.data.source.lang) && !hasErrors([file])
  )
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
