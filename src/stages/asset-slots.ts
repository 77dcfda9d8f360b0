/**
 * The assets' addresses in a page, as slots. Pages are laid out with a
 * placeholder in place of the stylesheet's, script's and icon's
 * fingerprints, and a file is its page's text with each slot filled: when
 * only the stylesheet changes, the kept pages' slots are filled anew
 * instead of every page being laid out again (see `page-steps.ts`).
 *
 * A slot is found by a random mark, put in the page's head only where a
 * placeholder address is, then looked for once the page is text. Content
 * was written before the mark was drawn, so it cannot hold the mark, and a
 * mark must be found exactly once: a slot is never taken from content.
 */
import {randomBytes} from 'node:crypto'
import type {Element, Root} from 'hast'
import * as routes from '../model/routes.ts'

/** The assets a page links to by fingerprinted address. */
export type AssetName = 'stylesheet' | 'script' | 'icon'

/** The fingerprints of the assets, each {@link fingerprintLength} hexadecimal digits. */
export type AssetFingerprints = Record<AssetName, string>

/** The assets' addresses, from their fingerprints. */
export type AssetUrls = Record<AssetName, string>

/** Length of an asset's fingerprint in its address. */
export const fingerprintLength = 10

/** What a page is laid out with in place of each fingerprint. */
export const placeholder = '0'.repeat(fingerprintLength)

/** Where in a page's text an asset's fingerprint goes (an index in the string). */
export interface Slot {
  at: number
  asset: AssetName
}

const files: Record<AssetName, [prefix: string, extension: string]> = {
  stylesheet: ['style', 'css'],
  script: ['search', 'js'],
  icon: ['icon', 'svg']
}

/** The assets' addresses with these fingerprints. */
export function assetUrls(fingerprints: AssetFingerprints): AssetUrls {
  const url = (asset: AssetName): string => {
    const [prefix, extension] = files[asset]
    return routes.assetUrl(`${prefix}.${fingerprints[asset]}.${extension}`)
  }
  return {stylesheet: url('stylesheet'), script: url('script'), icon: url('icon')}
}

const placeholders: AssetFingerprints = {
  stylesheet: placeholder,
  script: placeholder,
  icon: placeholder
}

/** The addresses pages are laid out with. */
export const placeholderUrls: AssetUrls = assetUrls(placeholders)

/** Each asset by the end of its placeholder address (`/style.0000000000.css`). */
const endings = new Map(
  (Object.keys(files) as AssetName[]).map((asset) => {
    const [prefix, extension] = files[asset]
    return [`/${prefix}.${placeholder}.${extension}`, asset]
  })
)

/**
 * Put a fresh mark in place of the placeholder of each asset address of
 * the tree's head (links and scripts); the marks, by the asset they stand for.
 */
export function markSlots(tree: Root): Map<string, AssetName> {
  const marks = new Map<string, AssetName>()
  const html = tree.children.find(isElement('html'))
  const head = html?.children.find(isElement('head'))
  for (const node of head?.children ?? []) {
    if (node.type !== 'element' || (node.tagName !== 'link' && node.tagName !== 'script')) continue
    for (const name of ['href', 'src']) {
      const value = node.properties[name]
      const ending = typeof value === 'string' ? value.slice(value.lastIndexOf('/')) : ''
      const asset = endings.get(ending)
      if (typeof value !== 'string' || !asset) continue
      const mark = randomBytes(16).toString('hex')
      marks.set(mark, asset)
      node.properties[name] =
        value.slice(0, value.length - ending.length) + ending.replace(placeholder, mark)
    }
  }
  return marks
}

/** The page's text with the placeholder back in place of each mark, and its slots. */
export function slotsOf(
  text: string,
  marks: ReadonlyMap<string, AssetName>
): {template: string; slots: Slot[]} {
  const found = [...marks].map(([mark, asset]) => {
    const at = text.indexOf(mark)
    if (at < 0 || text.includes(mark, at + 1))
      throw new Error(`An asset's address was not found once in its page (mark ${mark})`)
    return {at, mark, asset}
  })
  found.sort((a, b) => a.at - b.at)
  let template = ''
  let from = 0
  const slots: Slot[] = []
  for (const {at, mark, asset} of found) {
    template += text.slice(from, at)
    slots.push({at: template.length, asset})
    template += placeholder
    from = at + mark.length
  }
  return {template: template + text.slice(from), slots}
}

/** The text of a page: its template with each slot filled. */
export function fillSlots(
  template: string,
  slots: readonly Slot[],
  fingerprints: AssetFingerprints
): string {
  let text = ''
  let from = 0
  for (const {at, asset} of slots) {
    text += template.slice(from, at) + fingerprints[asset]
    from = at + fingerprintLength
  }
  return text + template.slice(from)
}

/** A page's template from its text, or undefined if a slot is not where a fingerprint can be. */
export function emptySlots(text: string, slots: readonly Slot[]): string | undefined {
  const fingerprint = /^[0-9a-f]{10}$/
  for (const {at} of slots)
    if (!fingerprint.test(text.slice(at, at + fingerprintLength))) return undefined
  return fillSlots(text, slots, placeholders)
}

const letters: Record<AssetName, string> = {stylesheet: 's', script: 'j', icon: 'i'}

/** Slots as a short string, for a step's fingerprint: `s120,i190,j240`. */
export function encodeSlots(slots: readonly Slot[]): string {
  return slots.map(({at, asset}) => `${letters[asset]}${at}`).join(',')
}

/** Slots from {@link encodeSlots}, or undefined if the string is not such. */
export function decodeSlots(encoded: string): Slot[] | undefined {
  if (encoded === '') return []
  const byLetter = Object.fromEntries(
    Object.entries(letters).map(([asset, letter]) => [letter, asset as AssetName])
  )
  const slots: Slot[] = []
  for (const part of encoded.split(',')) {
    const asset = byLetter[part[0] ?? '']
    const at = Number(part.slice(1))
    if (!asset || !Number.isSafeInteger(at) || at < 0) return undefined
    slots.push({at, asset})
  }
  return slots
}

function isElement(name: string) {
  return (node: Root['children'][number] | Element['children'][number]): node is Element =>
    node.type === 'element' && node.tagName === name
}
