/**
 * The archive as inputs of the layout's store (see `site-steps.ts`): the
 * configuration, the messages, the assets' fingerprints, the numbers, and
 * each issue with its revision and, apart, its date.
 */
import {digest} from '../engine/digest.ts'
import type {Messages} from '../model/i18n.ts'
import type {Lang} from '../model/types.ts'
import type {Archive, Issue} from './archive.ts'
import type {AssetFingerprints} from './asset-slots.ts'
import type {LayoutState} from './layout-state.ts'
import {
  assetsInput,
  configInput,
  issueDateInput,
  issueInput,
  messagesInput,
  numbersInput
} from './site-steps.ts'

/** Set this archive into the store as inputs of its current revision (the build's, see `build-site.ts`). */
export function setInputs(
  state: LayoutState,
  archive: Archive,
  messages: Readonly<Partial<Record<Lang, Messages>>>,
  assets: AssetFingerprints
): void {
  const {store} = state
  store.set(configInput, '', archive.config, digest(JSON.stringify(archive.config)))
  for (const lang of Object.keys(messages) as Lang[])
    store.set(messagesInput, lang, messages[lang], digest(JSON.stringify(messages[lang])))
  store.set(assetsInput, '', assets, digest(JSON.stringify(assets)))
  const numbers = archive.issues.map((issue) => issue.number)
  store.set(numbersInput, '', numbers, digest(numbers.join(' ')))
  for (const issue of archive.issues) setIssue(state, issue)
  const present = new Set(numbers)
  for (const number of store.args(issueInput))
    if (!present.has(number)) {
      store.remove(issueInput, number)
      store.remove(issueDateInput, number)
    }
}

/** Set one issue into the store: it, and its date apart (see `site-steps.ts`). */
export function setIssue({store}: LayoutState, issue: Issue): void {
  store.set(issueInput, issue.number, issue, issueRevision(issue))
  store.set(issueDateInput, issue.number, issue.date, issue.date)
}

/** What an issue's pages are made from: its number, date and files (by their renderings' fingerprints). */
function issueRevision(issue: Issue): string {
  const files = Object.entries(issue.files).map(
    ([lang, file]) => `${lang} ${file.data.revision ?? digest(String(file.value))}`
  )
  return digest(String(issue.number), issue.date, issue.original, ...files.sort())
}
