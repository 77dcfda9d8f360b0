/**
 * What incremental work is made of: inputs, set from outside, and steps,
 * pure functions of what they read, each value named by its query and
 * argument. The store (`store.ts`) holds their values.
 */
import {digest} from './render-cache.ts'

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
  options: Pick<Step<A, T>, 'revive'> & {
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
    ...(options.revive ? {revive: options.revive} : {})
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
