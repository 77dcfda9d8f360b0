/**
 * The first stages of the build, up to the archive, for the commands that
 * need to know the issues but not the site: `new`, `status`, `import`.
 */
import {resolve} from 'node:path'
import type {VFile} from 'vfile'
import {buildArchive, type Archive} from './archive.ts'
import {defaultLayouts} from './build.ts'
import {parseConfig} from './config.ts'
import {parseIssueFile} from './front-matter.ts'
import {loadSources} from './load.ts'
import {hasErrors} from './message.ts'

/** The archive, drafts included, or the files that say why there is none. */
export type ReadArchive = {archive: Archive; files: VFile[]} | {archive: undefined; files: VFile[]}

/** Read `content` (relative to `cwd`) into its archive, drafts included. */
export async function readArchive(content: string, cwd: string): Promise<ReadArchive> {
  const sources = await loadSources({content: resolve(cwd, content), layouts: defaultLayouts, cwd})
  const files = [sources.config, ...sources.issues]
  const config = hasErrors([sources.config]) ? undefined : parseConfig(sources.config)
  if (!config) return {archive: undefined, files}
  const issueFiles = sources.issues.filter((file) => file.data.source && config.languages.includes(file.data.source.lang) && !hasErrors([file]))
  for (const file of issueFiles) parseIssueFile(file, config)
  return {archive: buildArchive(config, issueFiles, true), files}
}

/** Every issue number the files give, even those of issues the archive leaves out. */
export function usedNumbers(files: readonly VFile[]): Set<number> {
  return new Set(files.flatMap((file) => (file.data.matter?.fields.issue === undefined ? [] : [file.data.matter.fields.issue])))
}
