/**
 * The store: Bulletin's one model of incremental work, after rust-analyzer's
 * Salsa. Inputs are set from outside (an issue, the configuration); every
 * other value is a step, a pure function of what it reads through `read`.
 * The store records what each step read, so no step declares its inputs
 * and none can forget one.
 *
 * Each value carries the revision at which it last changed. A new revision
 * starts when inputs are set again; a step is then verified by its recorded
 * dependencies: if none changed since it was last verified, it is not run.
 * When a step runs again and gives a value with the same fingerprint, it
 * keeps its old change revision (early cut-off), so that what depends on it
 * is not run either. A changed input marks what read it, transitively, as
 * stale (`readers.ts`): a value no change reached is taken as it is, without
 * a look at its dependencies.
 *
 * Two layers: the values in memory, for the steps of one build and from one
 * save to the next in `bulletin dev`; and, for the next process, records of
 * steps (their fingerprint, dependencies and the code version's key). A
 * record whose key is this code's and whose dependencies, checked in order,
 * have the same fingerprints holds: a step that persists its value takes
 * it back from the record's data (`persist`), one with a `revive` hook from
 * what it left on disk (a file of the previous site), any other step keeps
 * only its fingerprint, and is run the first time a value that reads it
 * must be made again. A record is only a hint, checked so.
 */
import {digest} from './digest.ts'
import {
  idMaker,
  type Arg,
  type Input,
  type Peek,
  type Read,
  type Step,
  type StepRecord,
  type Store,
  type StoreOptions
} from './steps.ts'
import {addReads, createReaders, dropReads, markReaders, sweepUnread} from './readers.ts'

export * from './steps.ts'

type Query = Input<Arg, unknown> | Step<Arg, unknown>

interface Node {
  query: Query
  arg: Arg
  value: unknown
  fingerprint: string
  changedAt: number
  verifiedAt: number
  /** Ids read, for a step; undefined for an input. */
  deps: string[] | undefined
  removed?: boolean
  /** The value was dropped by `release`: its fingerprint and dependencies still hold. */
  released?: boolean
  /** The data a persisted value was revived from, which saving it again gives. */
  data?: unknown
}

/** A new store. */
export function createStore(options: StoreOptions): Store {
  const nodes = new Map<string, Node>()
  const byName = new Map(options.queries.map((query) => [query.name, query as Query]))
  const saved = new Map([...(options.records ?? [])].map((record) => [record.id, record]))
  const active = new Set<string>()
  const readers = createReaders()
  const identity = idMaker()
  // The fingerprints of the values that are objects, for steps whose values are made of them.
  const fingerprints = new WeakMap<object, string>()
  const known = (value: object): string | undefined => fingerprints.get(value)
  const remember = (value: unknown, fingerprint: string): void => {
    if (typeof value === 'object' && value !== null) fingerprints.set(value, fingerprint)
  }
  let revision = 1
  // A record made by other code is another's: the whole of the code, not a list of its parts.
  const codeKey = digest('code', options.code)

  const parse = (id: string): {query: Query; arg: Arg} | undefined => {
    const space = id.indexOf(' ')
    const query = byName.get(id.slice(0, space))
    if (!query) return undefined
    try {
      return {query, arg: JSON.parse(id.slice(space + 1)) as Arg}
    } catch {
      return undefined
    }
  }

  const freshById = (id: string): Node | undefined => {
    const node = nodes.get(id)
    if (node) return fresh(node.query, node.arg, id)
    const parsed = parse(id)
    return parsed ? fresh(parsed.query, parsed.arg, id) : undefined
  }

  const isLasting = (query: Query | undefined): boolean =>
    query?.kind === 'step' && query.lasting === true && query.persist !== undefined

  // An input's value, set (or missing, or removed) in this revision.
  const inputNode = (query: Query, arg: Arg, value: unknown, fingerprint: string): Node => ({
    query,
    arg,
    value,
    fingerprint,
    changedAt: revision,
    verifiedAt: revision,
    deps: undefined
  })

  const unchangedSince = (deps: readonly string[], since: number): boolean =>
    deps.every((dep) => {
      const node = freshById(dep)
      return node !== undefined && node.changedAt <= since
    })

  const fresh = (query: Query, arg: Arg, id: string): Node => {
    const node = nodes.get(id)
    if (query.kind === 'input') {
      if (node) return node
      const missing = inputNode(query, arg, undefined, 'none')
      nodes.set(id, missing)
      return missing
    }
    return held(query, arg, id) ?? run(query, arg, id, node)
  }

  // A step's node when it holds without running: verified, or revived from a record.
  const held = (query: Step<Arg, unknown>, arg: Arg, id: string): Node | undefined => {
    const node = nodes.get(id)
    if (node?.verifiedAt === revision) return node
    // No changed input reaches it: it holds, without a look at what it read.
    if (node?.deps && !readers.stale.has(id)) {
      node.verifiedAt = revision
      return node
    }
    // Only the reads a change came through can have changed: checked in the order they were read.
    const through = readers.stale.get(id)
    const suspects = through && node?.deps?.filter((dep) => through.has(dep))
    if (node?.deps && unchangedSince(suspects ?? node.deps, node.verifiedAt)) {
      readers.stale.delete(id)
      node.verifiedAt = revision
      return node
    }
    return node ? undefined : revive(query, arg, id)
  }

  const revive = (query: Step<Arg, unknown>, arg: Arg, id: string): Node | undefined => {
    const record = saved.get(id)
    if (!record) return undefined
    saved.delete(id)
    if (record.key !== codeKey) return undefined
    // In order, as a step reads what its earlier reads lead it to: the first change ends the check.
    for (const [dep, fingerprint] of record.deps) {
      if (freshById(dep)?.fingerprint !== fingerprint) return undefined
    }
    // Without a way to take its value back, a step keeps its fingerprint until its value is read.
    const back = query.persist ?? query.revive
    const value = query.persist
      ? record.data === undefined
        ? undefined
        : query.persist.load(record.data, arg, peek)
      : query.revive?.(record.fingerprint, arg)
    if (back && value === undefined) return undefined
    remember(value, record.fingerprint)
    const node: Node = {
      query,
      arg,
      value,
      fingerprint: record.fingerprint,
      changedAt: revision,
      verifiedAt: revision,
      deps: record.deps.map(([dep]) => dep),
      ...(back ? {} : {released: true}),
      ...(query.persist ? {data: record.data} : {})
    }
    nodes.set(id, node)
    addReads(readers, id, node.deps ?? [])
    return node
  }

  const run = (query: Step<Arg, unknown>, arg: Arg, id: string, old: Node | undefined): Node => {
    if (active.has(id)) throw new Error(`A step reads itself: ${[...active, id].join(' → ')}`)
    active.add(id)
    const deps = new Set<string>()
    const read = ((dependency: Query, depArg: Arg) => {
      const depId = identity(dependency, depArg)
      const value = valueOf(dependency, depArg, depId)
      if (!options.forget?.(depId)) deps.add(depId)
      return value
    }) as Read
    let value: unknown
    try {
      value = query.run(read, arg)
    } finally {
      active.delete(id)
    }
    const fingerprint = query.fingerprint
      ? query.fingerprint(value, known)
      : digest('', ...withFingerprints(deps).flat())
    remember(value, fingerprint)
    const node: Node = {
      query,
      arg,
      value,
      fingerprint,
      changedAt: old?.fingerprint === fingerprint ? old.changedAt : revision,
      verifiedAt: revision,
      deps: [...deps]
    }
    nodes.set(id, node)
    if (old?.deps) dropReads(readers, id, old.deps)
    addReads(readers, id, deps)
    readers.stale.delete(id)
    return node
  }

  // A value released after use (see `release`), or revived as its fingerprint only, is made again when read.
  const valueOf = (query: Query, arg: Arg, id: string): unknown => {
    const node = fresh(query, arg, id)
    return node.released ? run(query as Step<Arg, unknown>, arg, id, node).value : node.value
  }

  const withFingerprints = (deps: Iterable<string>): [string, string][] =>
    [...deps].map((dep) => [dep, nodes.get(dep)?.fingerprint ?? 'none'])

  // The arguments each input is set with, so that listing them does not visit every value.
  const setArgs = new Map<string, Map<string, Arg>>()
  const argsOf = (query: {name: string}): Map<string, Arg> => {
    let args = setArgs.get(query.name)
    if (!args) setArgs.set(query.name, (args = new Map()))
    return args
  }

  const peek = (<A extends Arg, T>(query: Input<A, T>, arg: A): T | undefined => {
    const node = nodes.get(identity(query, arg))
    return node?.removed ? undefined : (node?.value as T | undefined)
  }) as Peek

  // The record of each step verified in this revision, those that persist their value or the others.
  const verified = (persisted: boolean): [Node, StepRecord][] => {
    const made: [Node, StepRecord][] = []
    for (const [id, node] of nodes) {
      if (node.verifiedAt !== revision || !node.deps) continue
      if (((node.query as Step<Arg, unknown>).persist === undefined) === persisted) continue
      made.push([
        node,
        {id, fingerprint: node.fingerprint, deps: withFingerprints(node.deps), key: codeKey}
      ])
    }
    return made
  }

  return {
    revision: () => revision,
    advance: () => {
      revision++
    },
    set: (query, arg, value, fingerprint) => {
      remember(value, fingerprint)
      const id = identity(query, arg)
      const node = nodes.get(id)
      if (node && node.fingerprint === fingerprint && !node.removed) {
        node.value = value
        return
      }
      markReaders(readers, id)
      argsOf(query).set(id, arg)
      nodes.set(id, inputNode(query as Query, arg, value, fingerprint))
    },
    remove: (query, arg) => {
      const id = identity(query, arg)
      if (!nodes.has(id)) return
      markReaders(readers, id)
      argsOf(query).delete(id)
      nodes.set(id, {...inputNode(query as Query, arg, undefined, 'none'), removed: true})
    },
    get: (query, arg) => valueOf(query as Query, arg, identity(query, arg)) as never,
    holds: (query, arg) => {
      const node = held(query as Step<Arg, unknown>, arg, identity(query, arg))
      return node !== undefined && !node.released
    },
    fingerprintOf: (query, arg) => nodes.get(identity(query, arg))?.fingerprint,
    has: (query, arg) => nodes.has(identity(query, arg)),
    changed: (query, arg) => nodes.get(identity(query, arg))?.changedAt === revision,
    stale: () => readers.stale.keys(),
    records: () => verified(false).map(([, record]) => record),
    persisted: () => [
      ...verified(true).map(([node, record]) => ({
        record,
        data: () =>
          node.data ?? (node.query as Step<Arg, unknown>).persist?.save(node.value, node.arg, peek)
      })),
      // A lasting value no one asked for in this process (a check builds no search index) keeps its record.
      ...[...saved.values()]
        .filter(
          (record) =>
            record.key === codeKey &&
            isLasting(byName.get(record.id.slice(0, record.id.indexOf(' '))))
        )
        .map((record) => ({record, data: () => record.data}))
    ],
    peek,
    args: (query) => [...argsOf(query).values()] as never[],
    release: (query, arg) => {
      const node = nodes.get(identity(query, arg))
      if (node?.deps) {
        node.value = undefined
        node.released = true
      }
    },
    sweep: () =>
      sweepUnread(
        nodes,
        readers,
        (node) =>
          node.verifiedAt === revision || (node.query as Step<Arg, unknown>).lasting === true
      )
  }
}
