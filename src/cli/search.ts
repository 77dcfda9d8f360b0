/**
 * `bulletin search QUERY [--lang fr|en] [--directorate CODE] [--year YYYY]
 * [--limit N] [--json] [--dist DIR]`: search the built archive from a
 * terminal. Exit codes: 0 found, 1 nothing found, 2 error.
 */
import {resolve} from 'node:path'
import {searchSite, SearchError, type SearchHit} from '../search/terminal-search.ts'
import {UsageError, parseOptions} from './usage.ts'

/** Usage of the search command. */
export const searchUsage = `Usage: bulletin search QUERY [options]

Search the built archive (dist/) with the same index and ranking as the site.

Options:
  --lang fr|en        language to search in (default: fr)
  --directorate CODE  only articles of this directorate, such as DRH
  --year YYYY         only issues of this year
  --limit N           at most N results (default: 10)
  --json              print a JSON array (see the README for its shape)
  --dist DIR          built site to search (default: dist)
  --help              show this help

Exit code: 0 found, 1 nothing found, 2 error.
`

/** Run the search command; returns the exit code. */
export async function runSearch(args: string[], cwd: string): Promise<number> {
  const {values, positionals} = parseOptions({
    args,
    options: {
      lang: {type: 'string', default: 'fr'},
      directorate: {type: 'string'},
      year: {type: 'string'},
      limit: {type: 'string', default: '10'},
      json: {type: 'boolean', default: false},
      dist: {type: 'string', default: 'dist'},
      help: {type: 'boolean', short: 'h', default: false}
    },
    strict: true,
    allowPositionals: true
  })
  if (values.help) {
    process.stdout.write(searchUsage)
    return 0
  }
  const query = positionals.join(' ').trim()
  if (query === '') throw new UsageError('Expected words to search for')
  if (!/^[1-9]\d*$/.test(values.limit))
    throw new UsageError(`--limit: expected a positive whole number, not ${values.limit}`)
  if (values.year !== undefined && !/^\d{4}$/.test(values.year))
    throw new UsageError(`--year: expected a year such as 2020, not ${values.year}`)

  let hits: SearchHit[]
  try {
    hits = await searchSite({
      dist: resolve(cwd, values.dist),
      query,
      lang: values.lang,
      limit: Number(values.limit),
      ...(values.directorate === undefined ? {} : {directorate: values.directorate}),
      ...(values.year === undefined ? {} : {year: values.year})
    })
  } catch (error) {
    if (!(error instanceof SearchError)) throw error
    process.stderr.write(`${error.message}\n`)
    return 2
  }

  if (values.json) process.stdout.write(`${JSON.stringify(hits, null, 2)}\n`)
  else
    process.stdout.write(
      hits
        .map((hit) =>
          printable(
            `${hit.issue} · ${hit.date} · ${hit.directorate ?? '-'} · ${hit.title}\n  ${hit.url}\n  ${hit.excerpt}\n`
          )
        )
        .join('\n')
    )
  if (hits.length === 0 && !values.json) process.stderr.write(`Nothing found for “${query}”.\n`)
  return hits.length > 0 ? 0 : 1
}

/** Text from a site's index, with no control character that a terminal would obey (escape sequences). */
function printable(text: string): string {
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '\ufffd')
}
