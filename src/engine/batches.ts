/**
 * `task` over every item, a batch at a time, with the results in the
 * items' order. A bounded number of file operations at a time: all at once would open
 * thousands of files, one at a time would leave the disk idle.
 */
export async function inBatches<T, R>(
  items: readonly T[],
  task: (item: T) => Promise<R>,
  size = 32
): Promise<R[]> {
  const results: R[] = []
  for (let start = 0; start < items.length; start += size)
    results.push(...(await Promise.all(items.slice(start, start + size).map(task))))
  return results
}
