/**
 * Small pieces shared by several layouts.
 */
import type {Element, ElementContent} from 'hast'
import {h} from 'hastscript'
import {format} from '../src/model/i18n.ts'
import type {Lang} from '../src/model/types.ts'
import type {IssueSummary, PageContext, Text} from './view.ts'

/** An issue's number as the page's language writes it: "N° 12", "No. 12". */
export function issueLabel(context: PageContext, number: number): string {
  return format(context.messages.issueNumber, {number: context.format.number(number)})
}

/** A colon as each language's typography wants it: French puts a no-break space before. */
export function colon(lang: Lang): string {
  return lang === 'fr' ? '\u00a0: ' : ': '
}

/** A text, with its `lang` when it is not in the page's language. */
export function text(
  tagName: string,
  value: Text,
  properties: Record<string, string> = {}
): Element {
  return h(
    tagName,
    value.lang === undefined ? properties : {...properties, lang: value.lang},
    value.value
  )
}

/**
 * "N° 1 · 2 avril 2020", with a machine-readable date; on an issue page it
 * also gives the search index its sorts, metadata and the year filter,
 * named in the page's language. No filter has one value per issue: at
 * thousands of issues it would be thousands of checkboxes.
 */
export function issueMeta(context: PageContext, issue: IssueSummary, indexed = false): Element {
  const number = String(issue.number)
  const search = (properties: Record<string, string>): Record<string, string> =>
    indexed ? properties : {}
  return h('p.issue-meta', [
    h(
      'span.issue-number',
      search({
        dataPagefindSort: `issue:${number.padStart(6, '0')}`,
        dataPagefindMeta: `issue:${number}`
      }),
      issueLabel(context, issue.number)
    ),
    ' · ',
    h(
      'time',
      {
        dateTime: issue.date,
        ...search({
          dataPagefindFilter: `${context.messages.filterYear}:${issue.date.slice(0, 4)}`,
          dataPagefindSort: 'date[datetime]',
          dataPagefindMeta: 'date[datetime]'
        })
      },
      context.format.date(issue.date)
    )
  ])
}

/** "Directions : DNUM, DRH", each code with its name. */
export function directorateList(context: PageContext, issue: IssueSummary): ElementContent[] {
  if (issue.directorates.length === 0) return []
  const items: ElementContent[] = []
  for (const [index, directorate] of issue.directorates.entries()) {
    if (index > 0) items.push({type: 'text', value: ', '})
    items.push(h('abbr', {title: directorate.name}, directorate.code))
  }
  return [
    h('p.issue-directorates', [
      h('span.label', context.messages.directorates + colon(context.lang)),
      ...items
    ])
  ]
}
