/**
 * The end of a build in memory, shared by a full build (`build-site.ts`)
 * and a dev server's save (`build-changed.ts`): from the archive, rendered,
 * to the site: its files laid out, the issue files it copies listed, and
 * every output checked against the others.
 */
import type {VFile} from 'vfile'
import type {Archive} from '../stages/archive.ts'
import {layoutSite, type LayoutState, type LayoutSteering, type Theme} from '../stages/layout.ts'
import {hasErrors} from '../model/message.ts'
import {assetCopies, checkOutputs} from '../stages/outputs.ts'
import type {AssetCopy} from '../model/types.ts'
import type {Site} from './build-site.ts'

/**
 * Lay out the site of `archive`, whose files read (with their messages)
 * are `files`. With `base`, the site of the same configuration and theme
 * that this one follows (a save's, see `build-changed.ts`): when no page
 * came or went and the same files are copied, the outputs are the paths
 * that base's check passed, and the site is partial.
 */
export async function finishSite(
  archive: Archive,
  files: VFile[],
  theme: Theme,
  state: LayoutState,
  steering: LayoutSteering,
  base?: Site
): Promise<Site> {
  const layout = await layoutSite(archive, theme, state, steering)
  const outputs = layout.files
  const copies = assetCopies(archive)
  const partial =
    base !== undefined &&
    layout.listed &&
    copies.length === base.copies.length &&
    copies.every(({copy}, index) => copy.to === base.copies[index]?.to)
  if (!partial) check(files, outputs, copies)
  if (hasErrors(files) || hasErrors(outputs))
    return {files, ok: false, outputs: [], copies: [], changed: new Map()}
  return {
    files,
    ok: true,
    outputs,
    copies: copies.map(({copy}) => copy),
    changed: layout.changed,
    ...(partial ? {partial} : {})
  }
}

function check(
  files: readonly VFile[],
  outputs: readonly VFile[],
  copies: readonly {copy: AssetCopy; origin: VFile}[]
): void {
  const byPath = new Map(files.map((file) => [file.path, file]))
  checkOutputs([
    ...outputs.map((page) => ({
      path: page.path,
      origin: page.data.page?.origin === undefined ? undefined : byPath.get(page.data.page.origin)
    })),
    ...copies.map(({copy, origin}) => ({path: copy.to, origin}))
  ])
}
