/**
 * The order in which a layout makes the site's files: the issue pages
 * first, shard by shard of the search index, then the rest. The files keep
 * the site's order; only when each is made changes, so that a shard's pages
 * are all staged early and Pagefind indexes them on the other core while
 * this one lays out the rest.
 */
import * as routes from '../model/routes.ts'
import type {Arg} from '../engine/store.ts'
import type {PageKind} from './page-kind.ts'

/** The indices of `list` in making order, and the indices of each shard's pages, in the site's order. */
export function makingOrder(
  list: readonly (readonly [string, Arg])[],
  kindOf: (name: string) => PageKind<Arg>
): {order: number[]; shards: Map<number, number[]>} {
  const shards = new Map<number, number[]>()
  const rest: number[] = []
  for (const [index, [name, arg]] of list.entries()) {
    const issue = kindOf(name).issue?.(arg)
    if (issue === undefined) {
      rest.push(index)
      continue
    }
    const shard = routes.searchShardOf(issue.number)
    const members = shards.get(shard) ?? []
    members.push(index)
    shards.set(shard, members)
  }
  const sorted = new Map([...shards].sort(([a], [b]) => a - b))
  return {order: [...[...sorted.values()].flat(), ...rest], shards: sorted}
}
