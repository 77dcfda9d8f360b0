/**
 * French typography on the text of French pages, applied as they are laid
 * out: the spaces that French puts before `; : ! ?` and inside `« »`
 * become no-break spaces (narrow, U+202F, except before a colon, U+00A0),
 * the spaces between thousands become narrow no-break spaces (`43 000`),
 * and an apostrophe between letters is the typographic one (`l’agent`), in
 * the text and in the attributes readers read (`title`, `alt`…). So
 * no line starts with `?` or splits `32 000`. Code, and text in another
 * language (an untranslated article in a French page), are left as written.
 */
import type {Element, ElementContent, Root, RootContent} from 'hast'

/** Attributes that readers read (or hear, or see printed): typeset as the text is. */
const proseAttributes = ['title', 'alt', 'ariaLabel', 'dataPrintHead'] as const

/** Elements whose text is code or data, never prose. */
const verbatim = new Set(['code', 'pre', 'kbd', 'samp', 'script', 'style', 'textarea', 'var'])

const narrow = '\u202f'
const noBreak = '\u00a0'

/** French typography of one text. Idempotent: typeset text is unchanged. */
export function frenchTypography(text: string): string {
  return text
    .replace(/[ \t\n\u00a0\u202f]+([;!?])/g, `${narrow}$1`)
    .replace(/[ \t\n\u00a0\u202f]+:/g, `${noBreak}:`)
    .replace(/«[ \t\n\u00a0\u202f]*/g, `«${narrow}`)
    .replace(/[ \t\n\u00a0\u202f]*»/g, `${narrow}»`)
    .replace(/(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])/g, (number) =>
      number.replace(/[ \u00a0]/g, narrow)
    )
    .replace(/(?<=\p{L})'(?=\p{L})/gu, '’')
}

/** Typeset the French text of the tree: the document's when its language is French, and any part marked `lang="fr"`. */
export function rehypeFrenchTypography() {
  return (tree: Root): undefined => {
    const stack: {node: Root | Element; french: boolean}[] = [{node: tree, french: false}]
    for (let item = stack.pop(); item; item = stack.pop()) {
      for (const child of item.node.children as (RootContent | ElementContent)[]) {
        if (child.type === 'text' && item.french) child.value = frenchTypography(child.value)
        if (child.type !== 'element' || verbatim.has(child.tagName)) continue
        const lang = child.properties.lang
        const french = typeof lang === 'string' ? /^fr\b/i.test(lang) : item.french
        for (const name of proseAttributes) {
          const value = child.properties[name]
          if (french && typeof value === 'string') child.properties[name] = frenchTypography(value)
        }
        stack.push({node: child, french})
      }
    }
  }
}
