/**
 * What the load stage remembers from one load to the next in the same
 * process, as inputs of the store (the dev server's, kept from save to
 * save, as rust-analyzer's file system hands its files to Salsa): each
 * issue file's text with the identity of the file it was read from, so a
 * file whose identity is the same is not read again, and each folder's
 * listing, taken again for a folder in which the watcher saw no change.
 * What a load did not meet is forgotten at its end.
 */
import {stat} from 'node:fs/promises'
import {VFile} from 'vfile'
import {digest} from '../engine/digest.ts'
import {input, type Store} from '../engine/store.ts'
import {racyMilliseconds} from '../engine/up-to-date.ts'
import {readText} from './read-text.ts'

/** An issue file's text as last read, by absolute path, with its file's identity (size, times, inode). */
export const loadedTextInput = input<string, {identity: string; text: string}>('loaded-text')

/** The names a folder listed when last read without a problem, by absolute path. */
export const listingInput = input<string, readonly string[]>('listing')

/** Read an issue file; `unchanged` when the watcher saw no change to it, so that a text in memory is taken without a look at the disk. */
export type Reader = (
  path: string,
  display: (path: string) => string,
  unchanged?: boolean
) => Promise<VFile>

/** The load stage's memory in a store, for one load. */
export interface LoadMemory {
  read: Reader
  /** A folder's listing as last read, if any. */
  listing(path: string): readonly string[] | undefined
  /** Keep a folder's listing, or forget it (`undefined`: it did not read without a problem). */
  keep(path: string, names: readonly string[] | undefined): void
  /** Forget the files and folders this load did not meet. */
  prune(): void
}

/** The memory of `store`; without one, every file is read and every folder listed. */
export function loadMemory(store: Store | undefined): LoadMemory {
  if (!store)
    return {read: readText, listing: () => undefined, keep: () => undefined, prune: () => undefined}
  const seen = new Set<string>()
  const listed = new Set<string>()
  const read: Reader = async (path, display, unchanged) => {
    seen.add(path)
    const known = store.peek(loadedTextInput, path)
    if (known && unchanged) return new VFile({path: display(path), value: known.text})
    const stats = await stat(path).catch(() => undefined)
    const identity = stats && `${stats.size} ${stats.mtimeMs} ${stats.ctimeMs} ${stats.ino}`
    // A file changed within the clock's resolution of its last read could have kept its identity.
    if (
      known &&
      stats &&
      identity === known.identity &&
      stats.mtimeMs < Date.now() - racyMilliseconds
    )
      return new VFile({path: display(path), value: known.text})
    const file = await readText(path, display)
    if (identity && file.messages.length === 0)
      store.set(loadedTextInput, path, {identity, text: String(file.value)}, identity)
    else store.remove(loadedTextInput, path)
    return file
  }
  return {
    read,
    listing: (path) => store.peek(listingInput, path),
    keep: (path, names) => {
      listed.add(path)
      // A listing taken from memory is the same array: not hashed again.
      if (names && names === store.peek(listingInput, path)) return
      if (names) store.set(listingInput, path, names, digest(...names))
      else store.remove(listingInput, path)
    },
    prune: () => {
      for (const path of store.args(loadedTextInput))
        if (!seen.has(path)) store.remove(loadedTextInput, path)
      for (const path of store.args(listingInput))
        if (!listed.has(path)) store.remove(listingInput, path)
    }
  }
}
