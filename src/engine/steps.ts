/**
 * What incremental work is made of: inputs, set from outside, and steps,
 * pure functions of what they read, each value named by its query and
 * argument. The store (`store.ts`) holds their values.
 */
import {digest} from './digest.ts'

/** A step's argument, part of its identity: plain JSON. */
export type Arg = string | number | readonly Arg[]

/** The fingerprint of an object that is a value of the store (an input's or a step's), if it is one. */
export type Known = (value: object) => string | undefined

/** A value set from outside the store. Reading one that is not set gives `undefined`. */
export interface Input<A extends Arg, T> {
  readonly kind: 'input'
  readonly name: string
  /** Only for the type of the value. */
  readonly type?: (arg: A) => T
}

/** A derived value: a pure function of what it reads. */
export interface Step<A extends Arg, T> {
  readonly kind: 'step'
  readonly name: string
  run(read: Read, arg: A): T
  /**
   * A digest of the value: equal fingerprints mean equal values. Without
   * one, a value's fingerprint is the digest of its dependencies': right,
   * as a step is pure, and cheap for a large value, but then a change of
   * its inputs always counts as a change of the value. `known` gives the
   * fingerprint of an object that is another value of the store.
   */
  fingerprint?(value: T, known: Known): string
  /** The value again from what a previous process left, given the fingerprint it recorded; undefined if it cannot. */
  revive?(fingerprint: string, arg: A): T | undefined
  /** How the value is kept on disk with its record, for the next process: see {@link Persist}. */
  persist?: Persist<A, T>
  /**
   * A value asked for after the layout of its revision, and again only
   * after the next one's (the search index's shards, made in the dev
   * server between two saves): a sweep keeps it until it is made again,
   * and a process that never asks for it (a check, which indexes nothing)
   * hands its record on to the disk layer as it found it.
   */
  lasting?: boolean
}

/**
 * How a step keeps its value in the disk layer, beside its record (the
 * front matters): a record that holds in the next process gives the value
 * back from its data instead of running the step. The data is read back
 * from disk, so `load` checks it and gives undefined when it is not sound.
 * `peek` gives the value of an input, without recording a read.
 */
export interface Persist<A extends Arg, T> {
  save(value: T, arg: A, peek: Peek): unknown
  load(data: unknown, arg: A, peek: Peek): T | undefined
}

/** An input's value as the store holds it, read without being recorded. */
export type Peek = <A extends Arg, T>(input: Input<A, T>, arg: A) => T | undefined

/** The record of a step that persists its value, with the value's data, made when asked for. */
export interface Persisted {
  record: StepRecord
  data(): unknown
}

/** How a step reads another value: the read is recorded as a dependency. */
export type Read = <A extends Arg, T>(query: Input<A, T | undefined> | Step<A, T>, arg: A) => T

/** What the disk layer keeps of a step's value. */
export interface StepRecord {
  /** The step's name and argument. */
  id: string
  fingerprint: string
  /** What the step read, in order, with their fingerprints when the value was made. */
  deps: [id: string, fingerprint: string][]
  /** Digest of the code version: a record made by other code is never revived. */
  key: string
  /** The value's data, for a step that persists it (see {@link Persist}). */
  data?: unknown
}

/** An input, declared once by name. */
export function input<A extends Arg, T>(name: string): Input<A, T> {
  return {kind: 'input', name}
}

/**
 * A step whose fingerprint is the digest of its value as JSON, unless
 * given: `inputs` for its dependencies' (see {@link Step.fingerprint}), or
 * `parts` for a value made of other values of the store (a list of issue
 * summaries), which counts each of them by its fingerprint instead of
 * writing it out again.
 */
export function step<A extends Arg, T>(
  name: string,
  run: (read: Read, arg: A) => T,
  options: Pick<Step<A, T>, 'revive' | 'persist' | 'lasting'> & {
    fingerprint?: ((value: T) => string) | 'inputs' | 'parts'
  } = {}
): Step<A, T> {
  const fingerprint =
    options.fingerprint === 'inputs'
      ? undefined
      : options.fingerprint === 'parts'
        ? (value: T, known: Known) => digest(JSON.stringify(value, byParts(known)) ?? 'undefined')
        : (options.fingerprint ?? ((value: T) => digest(JSON.stringify(value) ?? 'undefined')))
  return {
    kind: 'step',
    name,
    run,
    ...(fingerprint ? {fingerprint} : {}),
    ...(options.revive ? {revive: options.revive} : {}),
    ...(options.persist ? {persist: options.persist} : {}),
    ...(options.lasting ? {lasting: true} : {})
  }
}

/**
 * A JSON replacer that writes an object the store knows (not the value
 * itself, at the root) as its fingerprint, under a key no value of
 * Bulletin's has: equal fingerprints still mean equal values.
 */
function byParts(known: Known): (key: string, value: unknown) => unknown {
  return (key, value) => {
    if (key === '' || typeof value !== 'object' || value === null) return value
    const fingerprint = known(value)
    return fingerprint === undefined ? value : {'\u0000': fingerprint}
  }
}

/** The identity of a query's value. */
export function idOf(query: {name: string}, arg: Arg): string {
  return `${query.name} ${JSON.stringify(arg)}`
}

/**
 * {@link idOf} for one store: an argument that is an array is often the
 * same array from save to save (the site's list of files), so its JSON is
 * made once.
 */
export function idMaker(): (query: {name: string}, arg: Arg) => string {
  const ids = new WeakMap<object, string>()
  return (query, arg) => {
    if (typeof arg !== 'object') return idOf(query, arg)
    let json = ids.get(arg)
    if (json === undefined) ids.set(arg, (json = JSON.stringify(arg)))
    return `${query.name} ${json}`
  }
}

/** The store of one process. */
export interface Store {
  /** The current revision. */
  readonly revision: () => number
  /** Start a revision: inputs set after this are its changes. */
  advance(): void
  /** Set an input; a change when its fingerprint differs. */
  set<A extends Arg, T>(input: Input<A, T>, arg: A, value: T, fingerprint: string): void
  /** Remove an input: its readers see `undefined`. */
  remove<A extends Arg, T>(input: Input<A, T>, arg: A): void
  /** A step's value, up to date: verified, revived or run. */
  get<A extends Arg, T>(step: Step<A, T>, arg: A): T
  /**
   * Whether a step's value holds without running it (verified, or revived
   * from a record with its value): what `get` would not have to make.
   */
  holds<A extends Arg, T>(step: Step<A, T>, arg: A): boolean
  /** The fingerprint of a value the store holds. */
  fingerprintOf<A extends Arg, T>(query: Input<A, T> | Step<A, T>, arg: A): string | undefined
  /** Whether a value changed in the current revision (it is new, or its fingerprint changed). */
  changed<A extends Arg, T>(query: Input<A, T> | Step<A, T>, arg: A): boolean
  /** The ids of the values a changed input may have reached, not verified since (see `readers.ts`). */
  stale(): Iterable<string>
  /** Records of the steps verified in this revision, for the next process, but those that persist their value. */
  records(): StepRecord[]
  /** Records of the steps that persist their value verified in this revision, with their data (and those of lasting steps not asked for). */
  persisted(): Persisted[]
  /** An input's value, read from outside any step. */
  peek: Peek
  /** The arguments with which an input is set. */
  args<A extends Arg, T>(input: Input<A, T>): A[]
  /** Whether the memory layer holds a value of `query` (an input, or a step kept by the last `sweep`). */
  has<A extends Arg, T>(query: Input<A, T> | Step<A, T>, arg: A): boolean
  /** Forget the steps not verified in this revision (but those that are `lasting`), and removed inputs: nothing reads them. */
  sweep(): void
  /**
   * Drop a step's value once its caller has used it, keeping what the
   * records need: a build that writes each page as it is made holds none
   * of them. Getting the value again runs the step again.
   */
  release<A extends Arg, T>(step: Step<A, T>, arg: A): void
}

/** What a store is made with. */
export interface StoreOptions {
  /** The code version: a record made by other code is not revived. */
  code: string
  /** Every input and step whose records may be revived (they are found by name). */
  queries: readonly (Input<never, unknown> | Step<never, unknown>)[]
  /** Records of a previous process. */
  records?: Iterable<StepRecord>
  /**
   * For tests of the oracle only: dependencies on these ids are not
   * recorded, to show that a forgotten dependency is caught.
   */
  forget?: (id: string) => boolean
}
