/**
 * A bound on how deeply a YAML block nests, checked before it is parsed.
 * The YAML parser recurses once per level and reports the stack running
 * out where it happened to run out, which depends on how deep the parser
 * was called: the same file would give another column in another build.
 * A front matter nests two or three levels; these bounds keep the parser
 * far from the end of the stack, and the message is the same every time.
 */

/** Nested flow collections (`[`, `{`) at most. */
export const maxFlowDepth = 64
/** Block indicators (`- `, `? `) in a row on one line at most. */
export const maxIndicatorRun = 64
/** Columns of indentation at most. */
export const maxIndentation = 128

/** Where a block nests too deeply, and how: undefined when it does not. */
export interface NestingProblem {
  /** Offset in the block's text. */
  offset: number
  reason: string
}

/** Characters after which a quote opens a quoted scalar rather than being part of a plain one. */
const opensScalar = new Set(['', ' ', '\t', '[', '{', ',', ':', '-', '?'])

/** The first place where `text` nests deeper than the bounds allow. */
export function nestingProblem(text: string): NestingProblem | undefined {
  let depth = 0
  let quote: string | undefined
  let previous = ''
  let lineStart = true
  let indentation = 0
  let run = 0
  for (let at = 0; at < text.length; at++) {
    const char = text.charAt(at)
    if (char === '\n') {
      lineStart = true
      indentation = 0
      run = 0
      previous = ''
      continue
    }
    if (quote !== undefined) {
      if (quote === '"' && char === '\\') at++
      else if (char === quote) quote = undefined
      previous = char
      continue
    }
    if (char === ' ' || char === '\t') {
      if (lineStart && char === ' ' && ++indentation > maxIndentation)
        return {offset: at, reason: `indented more than ${maxIndentation} columns`}
      previous = char
      continue
    }
    const next = text.charAt(at + 1)
    const indicator = (char === '-' || char === '?') && /^[ \t\n]?$/.test(next)
    if (lineStart || run > 0) run = indicator ? run + 1 : 0
    lineStart = false
    if (run > maxIndicatorRun)
      return {offset: at, reason: `more than ${maxIndicatorRun} nested entries on one line`}
    if (char === '#' && (previous === '' || previous === ' ' || previous === '\t')) {
      const end = text.indexOf('\n', at)
      at = (end === -1 ? text.length : end) - 1
      continue
    }
    if ((char === "'" || char === '"') && opensScalar.has(previous)) quote = char
    else if (char === '[' || char === '{') {
      if (++depth > maxFlowDepth)
        return {offset: at, reason: `more than ${maxFlowDepth} nested flow collections`}
    } else if ((char === ']' || char === '}') && depth > 0) depth--
    previous = char
  }
  return undefined
}
