/**
 * Bounds on Markdown that the parser would take too long or too deep on.
 * micromark and the hast utilities recurse into nested blocks, and resolve
 * emphasis and links in time that grows with the square of the delimiters
 * in a paragraph: a few kilobytes nested a thousand deep overflow the stack,
 * and a hundred kilobytes of brackets take minutes. No bulletin comes near
 * these bounds; an input past one is refused at its line and column before
 * it is parsed, in one pass over its text, and the tree the parser makes is
 * checked for depth before anything else walks it.
 */
import type {Nodes, Root} from 'mdast'
import type {Point} from './types.ts'

/** The bounds, as the README states them. */
export const markdownLimits = {
  /** Block quotes and list items inside each other, and inline nesting in the tree. */
  depth: 100,
  /** Columns of indentation before a line's text. */
  indent: 400,
  /** Emphasis delimiters (runs of `*` or `_`) in one paragraph or table. */
  emphasis: 1000,
  /** Link and image openers (`[`) in one paragraph or table. */
  brackets: 1000,
  /** Columns of a table. */
  columns: 100,
  /** Rows of a table. */
  rows: 2000
} as const

/** A bound passed: what and where. */
export interface LimitProblem {
  reason: string
  place: Point
  ruleId: 'markdown-too-deep' | 'markdown-too-large'
}

const containerPrefix = /^(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+[ \t]*/
const fence = /^ {0,3}(`{3,}|~{3,})/
const tableDelimiterRow = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/

/**
 * The first bound `markdown` passes, if any, with its place; `firstLine` is
 * the line of the file the text starts on. Linear in the text's length.
 */
export function checkMarkdownText(markdown: string, firstLine: number): LimitProblem | undefined {
  const lines = markdown.split('\n')
  let block = {line: firstLine, emphasis: 0, brackets: 0}
  let open: string | undefined
  let table: {line: number; rows: number} | undefined
  for (const [index, line] of lines.entries()) {
    const here = firstLine + index
    const marker = fence.exec(line)?.[1]
    if (open !== undefined) {
      if (marker !== undefined && marker[0] === open[0] && marker.length >= open.length) open = undefined
      continue
    }
    if (marker !== undefined) open = marker
    if (line.trim() === '') {
      block = {line: here + 1, emphasis: 0, brackets: 0}
      table = undefined
      continue
    }
    const problem = checkLine(line, here) ?? checkTable(line, here, table)
    if (problem) return problem
    if (table) table.rows += 1
    else if (tableDelimiterRow.test(line) && line.includes('-')) table = {line: here - 1, rows: 1}
    if (marker !== undefined) continue
    block.emphasis += line.match(/[*_]+/g)?.length ?? 0
    block.brackets += line.match(/\[/g)?.length ?? 0
    if (block.emphasis > markdownLimits.emphasis) return tooLarge(`More than ${markdownLimits.emphasis} emphasis marks (\`*\`, \`_\`) in one paragraph or table, which starts on line ${block.line}: split it with blank lines`, here)
    if (block.brackets > markdownLimits.brackets) return tooLarge(`More than ${markdownLimits.brackets} brackets (\`[\`) in one paragraph or table, which starts on line ${block.line}: split it with blank lines`, here)
  }
  return undefined
}

function checkLine(line: string, here: number): LimitProblem | undefined {
  const prefix = containerPrefix.exec(line)?.[0] ?? /^[ \t]*/.exec(line)?.[0] ?? ''
  const depth = prefix.match(/>|[-+*]|\d{1,9}[.)]/g)?.length ?? 0
  if (depth > markdownLimits.depth) {
    return {reason: `Block quotes and lists nested deeper than ${markdownLimits.depth} levels: expected at most ${markdownLimits.depth}`, place: {line: here, column: 1}, ruleId: 'markdown-too-deep'}
  }
  const width = [...prefix].reduce((sum, character) => sum + (character === '\t' ? 4 : 1), 0)
  if (width > markdownLimits.indent) {
    return {reason: `A line indented by more than ${markdownLimits.indent} columns: expected at most ${markdownLimits.indent}`, place: {line: here, column: 1}, ruleId: 'markdown-too-deep'}
  }
  return undefined
}

function checkTable(line: string, here: number, table: {line: number; rows: number} | undefined): LimitProblem | undefined {
  if (!table && tableDelimiterRow.test(line) && line.includes('-')) {
    const columns = line.split('|').filter((cell) => cell.trim() !== '').length
    if (columns > markdownLimits.columns) return tooLarge(`A table of ${columns} columns: expected at most ${markdownLimits.columns}`, here)
  }
  if (table && table.rows >= markdownLimits.rows) return tooLarge(`A table of more than ${markdownLimits.rows} rows, from line ${table.line}: split it`, here)
  return undefined
}

function tooLarge(reason: string, line: number): LimitProblem {
  return {reason, place: {line, column: 1}, ruleId: 'markdown-too-large'}
}

/**
 * The first node of `tree` deeper than the bound, if any, found without
 * recursion, so that the check itself cannot overflow.
 */
export function checkTreeDepth(tree: Root): LimitProblem | undefined {
  const stack: [Nodes, number][] = [[tree, 0]]
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item
    if (depth > markdownLimits.depth) {
      const place = node.position?.start ?? {line: 1, column: 1}
      return {reason: `Markdown nested deeper than ${markdownLimits.depth} levels (emphasis, links, quotes or lists inside each other): expected at most ${markdownLimits.depth}`, place: {line: place.line, column: place.column}, ruleId: 'markdown-too-deep'}
    }
    if ('children' in node) for (const child of node.children) stack.push([child, depth + 1])
  }
  return undefined
}
