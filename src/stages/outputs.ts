/**
 * Checks on the set of files a build would write, before anything is.
 */
import type {VFile} from 'vfile'
import type {Archive} from './archive.ts'
import {fail} from '../model/message.ts'
import {mediaUrl, outputPath} from '../model/routes.ts'
import type {AssetCopy} from '../model/types.ts'

/** The issue files to copy into the output: those their Markdown uses. */
export function assetCopies(archive: Archive): {copy: AssetCopy; origin: VFile}[] {
  const copies: {copy: AssetCopy; origin: VFile}[] = []
  for (const issue of archive.issues) {
    const seen = new Set<string>()
    for (const file of Object.values(issue.files)) {
      for (const asset of [...(file.data.usedAssets ?? [])].sort()) {
        const from = file.data.source?.assets.get(asset)
        if (seen.has(asset) || from === undefined) continue
        seen.add(asset)
        copies.push({copy: {from, to: outputPath(mediaUrl(issue.number, asset))}, origin: file})
      }
    }
  }
  return copies
}

/**
 * Two outputs may not share a path, whatever the case or Unicode form:
 * on macOS and Windows they would overwrite each other.
 */
export function checkOutputs(outputs: readonly {path: string; origin?: VFile | undefined}[]): void {
  const seen = new Map<string, {path: string; origin?: VFile | undefined}>()
  for (const output of outputs) {
    const key = output.path.normalize('NFC').toLowerCase()
    const previous = seen.get(key)
    if (!previous) {
      seen.set(key, output)
      continue
    }
    const from = (item: {origin?: VFile | undefined}): string =>
      item.origin ? ` (from ${item.origin.path})` : ''
    const reason =
      previous.path === output.path
        ? `Two outputs would be written to \`${output.path}\`${from(previous)}${from(output)}`
        : `\`${previous.path}\`${from(previous)} and \`${output.path}\`${from(output)} would be one file on macOS and Windows, which ignore case: rename one`
    const origins = new Set([previous.origin, output.origin].filter((item) => item !== undefined))
    for (const origin of origins) fail(origin, reason, undefined, 'output-collision')
  }
}
