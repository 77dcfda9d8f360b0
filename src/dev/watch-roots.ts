/**
 * The dev server's watched folders, checked for having gone and come back:
 * chokidar stops watching a folder that is moved away and back.
 */
import {statSync} from 'node:fs'
import type {FSWatcher} from 'chokidar'

/** How often the watched folders are checked for having gone and come back. */
const rootCheck = 500

/** The watched folders, checked for having gone and come back. */
export interface WatchedRoots {
  /** A folder went, as the watcher says: the next check watches it again if it is there. */
  gone: (path: string) => void
  stop: () => void
}

/**
 * A watched folder that is moved away and back (a `git checkout` of
 * another branch, a restore) is no longer watched by chokidar: every half
 * second each folder's identity is checked, and a folder that came back,
 * or that the watcher saw go, is watched again, then built.
 */
export function watchRoots(
  watcher: FSWatcher,
  roots: readonly string[],
  onBack: (root: string) => void
): WatchedRoots {
  const identity = (root: string): string | undefined => {
    const stats = statSync(root, {throwIfNoEntry: false})
    return stats ? `${stats.dev}:${stats.ino}` : undefined
  }
  const seen = new Map(roots.map((root) => [root, identity(root)]))
  const timer = setInterval(() => {
    for (const root of roots) {
      const now = identity(root)
      if (now === seen.get(root)) continue
      seen.set(root, now)
      if (now === undefined) continue
      watcher.unwatch(root)
      watcher.add(root)
      onBack(root)
    }
  }, rootCheck)
  timer.unref()
  return {
    gone: (path) => {
      if (seen.has(path)) seen.set(path, undefined)
    },
    stop: () => clearInterval(timer)
  }
}
