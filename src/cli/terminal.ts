/**
 * What the command line shows on a terminal: colours when the user wants
 * them, and a progress line that updates in place on stderr, then gives
 * each phase's time for the summary.
 */
import type {Phase, Progress, ProgressListener} from '../engine/progress.ts'

/**
 * Whether to colour what goes to `stream`: never with `NO_COLOR` set (and
 * not empty), always with `FORCE_COLOR` (but `0` or `false`), otherwise on a
 * terminal that is not a dumb one.
 */
export function colorsOn(
  stream: {isTTY?: boolean},
  env: Readonly<Record<string, string | undefined>> = process.env
): boolean {
  if (env.NO_COLOR) return false
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force !== 'false'
  return Boolean(stream.isTTY) && env.TERM !== 'dumb'
}

/** What a progress line is written to: stderr, or a stand-in in tests. */
export interface ProgressStream {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

/** The progress of one command. */
export interface ProgressLine {
  /** Give this to the engine. */
  listener: ProgressListener
  /** Take the line away (before printing anything else). */
  clear(): void
  /** Each phase's time, such as `read 1.2 s, render 20.4 s`; empty when none was seen. */
  times(): string
}

const words: Record<Phase, {going: string; done: string; unit?: string}> = {
  read: {going: 'reading', done: 'read', unit: 'files'},
  render: {going: 'rendering', done: 'render'},
  layout: {going: 'laying out', done: 'layout'},
  search: {going: 'indexing for search', done: 'search'},
  write: {going: 'writing', done: 'write'}
}

/** Repaints closer together than this would only flicker. */
const repaintEvery = 100

interface PhaseState {
  started: number
  ended?: number
  done?: number
  total?: number
}

/**
 * A progress line on `stream`, such as `Building: rendering 1200/8000`,
 * painted only when `live` (a terminal that wants progress): at a phase's start and end, and at most every 100 ms
 * between. Phases' times are kept either way, for the summary line.
 */
export function progressLine(
  stream: ProgressStream,
  {live, label}: {live: boolean; label: string},
  now: () => number = () => performance.now()
): ProgressLine {
  const phases = new Map<Phase, PhaseState>()
  let painted = false
  let lastPaint = -Infinity
  const paint = (): void => {
    const parts = [...phases]
      .filter(([, state]) => state.ended === undefined)
      .map(([phase, state]) => describe(phase, state))
    const text = parts.length === 0 ? '' : `${label}: ${parts.join(' · ')}`
    const width = Math.max(20, (stream.columns || 80) - 1)
    stream.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`)
    painted = text !== ''
    lastPaint = now()
  }
  const listener = (progress: Progress): void => {
    const at = now()
    let state = phases.get(progress.phase)
    const isNew = state === undefined
    state ??= {started: at}
    phases.set(progress.phase, state)
    if (progress.done !== undefined) state.done = progress.done
    if (progress.total !== undefined) state.total = progress.total
    if (progress.finished) state.ended = at
    if (live && (isNew || progress.finished || at - lastPaint >= repaintEvery)) paint()
  }
  return {
    listener,
    clear: () => {
      if (painted) stream.write('\r\x1b[2K')
      painted = false
    },
    times: () =>
      [...phases]
        .map(([phase, state]) => {
          const seconds = ((state.ended ?? now()) - state.started) / 1000
          return `${words[phase].done} ${seconds.toFixed(seconds < 10 ? 2 : 1)} s`
        })
        .join(', ')
  }
}

function describe(phase: Phase, state: PhaseState): string {
  const {going, unit} = words[phase]
  if (state.done === undefined) return going
  if (state.total === undefined) return `${going} ${state.done}${unit ? ` ${unit}` : ''}`
  return `${going} ${state.done}/${state.total}${unit ? ` ${unit}` : ''}`
}
