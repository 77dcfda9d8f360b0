/**
 * Where a build is, told as it goes: the engine calls a listener, and the
 * command line shows it (on a terminal only). Phases may overlap: the
 * search index is made while the pages are laid out.
 */

/** A phase of a build. */
export type Phase = 'read' | 'render' | 'layout' | 'search' | 'write'

/** `done` of `total` items of `phase` (when it counts them); `finished` at its end. */
export interface Progress {
  phase: Phase
  done?: number
  total?: number
  finished?: boolean
}

/** Hears a build's progress. Called often: it must be quick, and never throw. */
export type ProgressListener = (progress: Progress) => void
