/**
 * Who read each value: the recorded dependencies turned around, so that a
 * changed input marks what it may reach as stale (pushed), and a value no
 * change reached is taken as it is without looking at its dependencies
 * (pulled only when stale). This is what lets a save that changes one
 * issue verify the few values that read it, not the 60,000 of the site.
 */

/**
 * The readers of each id, and the ids a change may have reached since
 * they were last verified, each with the values it read through which the
 * change came: only those can have changed, so only those are verified.
 */
export interface Readers {
  readonly of: Map<string, Set<string>>
  readonly stale: Map<string, Set<string>>
}

/** No readers yet. */
export function createReaders(): Readers {
  return {of: new Map(), stale: new Map()}
}

/** `reader` read each of `deps`. */
export function addReads(readers: Readers, reader: string, deps: Iterable<string>): void {
  for (const dep of deps) {
    let set = readers.of.get(dep)
    if (!set) readers.of.set(dep, (set = new Set()))
    set.add(reader)
  }
}

/** `reader` no longer reads `deps` (it ran again, or it is gone). */
export function dropReads(readers: Readers, reader: string, deps: Iterable<string>): void {
  for (const dep of deps) {
    const set = readers.of.get(dep)
    set?.delete(reader)
    if (set?.size === 0) readers.of.delete(dep)
  }
}

/**
 * Mark every value that reads `id`, directly or not, as stale, with the
 * read through which the change may reach it. A value a change reaches
 * through one of its thousand reads (a list, through the one issue that
 * changed) is then verified by that one read, not by all.
 */
export function markReaders(readers: Readers, id: string): void {
  const todo = [id]
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    for (const reader of readers.of.get(next) ?? []) {
      const through = readers.stale.get(reader)
      if (through) {
        through.add(next)
        continue
      }
      readers.stale.set(reader, new Set([next]))
      todo.push(reader)
    }
  }
}

/** Whether any value reads `id`. */
export function isRead(readers: Readers, id: string): boolean {
  return (readers.of.get(id)?.size ?? 0) > 0
}

/** What a sweep sees of a value: what it read (none for an input), and whether it was removed. */
interface Swept {
  deps: readonly string[] | undefined
  removed?: boolean
}

/**
 * Forget the removed inputs, and the steps that are neither `kept` nor read
 * by a value that stays, with what they alone read: a value taken as it is
 * in this revision stays, and so does what it read, even if no one asked
 * for it.
 */
export function sweepUnread<N extends Swept>(
  nodes: Map<string, N>,
  readers: Readers,
  kept: (node: N) => boolean
): void {
  const unread = (id: string, node: N): boolean =>
    node.deps !== undefined && !kept(node) && !isRead(readers, id)
  const gone: [string, N][] = []
  for (const [id, node] of nodes) if (node.removed || unread(id, node)) gone.push([id, node])
  for (let next = gone.pop(); next !== undefined; next = gone.pop()) {
    const [id, node] = next
    if (!nodes.delete(id)) continue
    readers.stale.delete(id)
    if (!node.deps) continue
    dropReads(readers, id, node.deps)
    for (const dep of node.deps) {
      const read = nodes.get(dep)
      if (read && unread(dep, read)) gone.push([dep, read])
    }
  }
}
