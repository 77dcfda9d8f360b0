/**
 * Bounds on Markdown that the parser would take too long or too deep on.
 * micromark and the hast utilities recurse into nested blocks; micromark
 * resolves emphasis and links in time that grows with the square of the
 * delimiters in a paragraph, nested block quotes with the square of the
 * file, and spends some ten times longer on a table than on prose: a few
 * kilobytes nested a thousand deep overflow the stack, and under a megabyte
 * of brackets, quotes or tables takes minutes and gigabytes. No bulletin
 * comes near these bounds; an input past one is refused at its line and
 * column before it is parsed, in one pass over its text, and the tree the
 * parser makes is checked for depth and size before anything else walks it.
 * Counts "per file" add up over the file's introduction and sections.
 */
import type {Nodes, Root} from 'mdast'
import type {Point} from '../model/types.ts'

/** The bounds, as the README states them. */
export const markdownLimits = {
  /** Block quotes and list items inside each other, and any nesting in the tree. */
  depth: 100,
  /** Block quotes and list items opened inside another, per file. */
  nested: 10_000,
  /** Columns of indentation before a line's text. */
  indent: 400,
  /** Emphasis delimiters (runs of `*` or `_`) in one paragraph or table. */
  emphasis: 1000,
  /** The same, per file. */
  fileEmphasis: 20_000,
  /** Link and image openers (`[`) in one paragraph or table. */
  brackets: 1000,
  /** The same, per file. */
  fileBrackets: 10_000,
  /** Columns of a table. */
  columns: 100,
  /** Rows of a table. */
  rows: 2000,
  /** Table cells (rows × columns), per file. */
  cells: 20_000,
  /** Nodes of the parsed trees, per file. */
  nodes: 50_000
} as const

/** A bound passed: what and where. */
export interface LimitProblem {
  reason: string
  place: Point
  ruleId: 'markdown-too-deep' | 'markdown-too-large'
}

/** What a file has used of the per-file bounds so far: one per file, passed to each of its parts. */
export interface MarkdownBudget {
  nested: number
  emphasis: number
  brackets: number
  cells: number
  nodes: number
}

/** A budget for a new file. */
export function createBudget(): MarkdownBudget {
  return {nested: 0, emphasis: 0, brackets: 0, cells: 0, nodes: 0}
}

const containerPrefix = /^(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+[ \t]*/
const fence = /^ {0,3}(`{3,}|~{3,})/
const tableDelimiterRow = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/

/**
 * The first bound `markdown` passes, if any, with its place; `firstLine` is
 * the line of the file the text starts on, `budget` what the file's other
 * parts used. Linear in the text's length.
 */
export function checkMarkdownText(
  markdown: string,
  firstLine: number,
  budget: MarkdownBudget = createBudget()
): LimitProblem | undefined {
  const lines = markdown.split('\n')
  let block = {line: firstLine, emphasis: 0, brackets: 0}
  let open: string | undefined
  let table: {line: number; rows: number; columns: number} | undefined
  for (const [index, line] of lines.entries()) {
    const here = firstLine + index
    const marker = fence.exec(line)?.[1]
    if (open !== undefined) {
      if (marker !== undefined && marker[0] === open[0] && marker.length >= open.length)
        open = undefined
      continue
    }
    if (marker !== undefined) open = marker
    if (line.trim() === '') {
      block = {line: here + 1, emphasis: 0, brackets: 0}
      table = undefined
      continue
    }
    const columns = table ? undefined : delimiterColumns(line)
    const problem = checkLine(line, here, budget) ?? checkTable(here, table, columns, budget)
    if (problem) return problem
    if (table) table.rows += 1
    else if (columns !== undefined) table = {line: here - 1, rows: 1, columns}
    if (marker !== undefined) continue
    const emphasis = line.match(/[*_]+/g)?.length ?? 0
    const brackets = line.match(/\[/g)?.length ?? 0
    block.emphasis += emphasis
    block.brackets += brackets
    budget.emphasis += emphasis
    budget.brackets += brackets
    const split = `split it with blank lines`
    if (block.emphasis > markdownLimits.emphasis)
      return tooLarge(
        `More than ${markdownLimits.emphasis} emphasis marks (\`*\`, \`_\`) in one paragraph or table, which starts on line ${block.line}: ${split}`,
        here
      )
    if (block.brackets > markdownLimits.brackets)
      return tooLarge(
        `More than ${markdownLimits.brackets} brackets (\`[\`) in one paragraph or table, which starts on line ${block.line}: ${split}`,
        here
      )
    if (budget.emphasis > markdownLimits.fileEmphasis)
      return tooLarge(
        `More than ${markdownLimits.fileEmphasis} emphasis marks (\`*\`, \`_\`) in one file: split it into several issues`,
        here
      )
    if (budget.brackets > markdownLimits.fileBrackets)
      return tooLarge(
        `More than ${markdownLimits.fileBrackets} brackets (\`[\`) in one file: split it into several issues`,
        here
      )
  }
  return undefined
}

/** The columns of a table whose delimiter row (`|-|-|`) `line` is; none for any other line. */
function delimiterColumns(line: string): number | undefined {
  if (!line.includes('-') || !tableDelimiterRow.test(line)) return undefined
  return line.split('|').filter((cell) => cell.trim() !== '').length
}

function checkLine(line: string, here: number, budget: MarkdownBudget): LimitProblem | undefined {
  const prefix = containerPrefix.exec(line)?.[0] ?? /^[ \t]*/.exec(line)?.[0] ?? ''
  const depth = prefix.match(/>|[-+*]|\d{1,9}[.)]/g)?.length ?? 0
  if (depth > markdownLimits.depth) {
    return {
      reason: `Block quotes and lists nested deeper than ${markdownLimits.depth} levels: expected at most ${markdownLimits.depth}`,
      place: {line: here, column: 1},
      ruleId: 'markdown-too-deep'
    }
  }
  budget.nested += Math.max(0, depth - 1)
  if (budget.nested > markdownLimits.nested) {
    return {
      reason: `More than ${markdownLimits.nested} block quotes and lists opened inside others in one file: split it into several issues`,
      place: {line: here, column: 1},
      ruleId: 'markdown-too-deep'
    }
  }
  const width = [...prefix].reduce((sum, character) => sum + (character === '\t' ? 4 : 1), 0)
  if (width > markdownLimits.indent) {
    return {
      reason: `A line indented by more than ${markdownLimits.indent} columns: expected at most ${markdownLimits.indent}`,
      place: {line: here, column: 1},
      ruleId: 'markdown-too-deep'
    }
  }
  return undefined
}

/** `columns` is set on a table's delimiter row, `table` on the rows after it. */
function checkTable(
  here: number,
  table: {line: number; rows: number; columns: number} | undefined,
  columns: number | undefined,
  budget: MarkdownBudget
): LimitProblem | undefined {
  if (columns !== undefined) {
    if (columns > markdownLimits.columns)
      return tooLarge(
        `A table of ${columns} columns: expected at most ${markdownLimits.columns}`,
        here
      )
    // The header row, counted once its columns are known.
    budget.cells += columns
  }
  if (!table) return undefined
  if (table.rows >= markdownLimits.rows)
    return tooLarge(
      `A table of more than ${markdownLimits.rows} rows, from line ${table.line}: split it`,
      here
    )
  budget.cells += table.columns
  if (budget.cells > markdownLimits.cells)
    return tooLarge(
      `More than ${markdownLimits.cells} table cells in one file: split it into several issues`,
      here
    )
  return undefined
}

function tooLarge(reason: string, line: number): LimitProblem {
  return {reason, place: {line, column: 1}, ruleId: 'markdown-too-large'}
}

/**
 * The first node of `tree` deeper than the bound, or past the file's count
 * of nodes, if any, found without recursion, so that the check itself
 * cannot overflow. On the way, the nodes of a part parsed alone are moved
 * `lineShift` lines down, to their place in the file: one walk for both.
 */
export function checkTree(
  tree: Root,
  budget: MarkdownBudget = createBudget(),
  lineShift = 0
): LimitProblem | undefined {
  const stack: [Nodes, number][] = [[tree, 0]]
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [node, depth] = item
    if (node.position) {
      node.position.start.line += lineShift
      node.position.end.line += lineShift
    }
    budget.nodes += 1
    const place = node.position?.start ?? {line: 1, column: 1}
    if (depth > markdownLimits.depth) {
      return {
        reason: `Markdown nested deeper than ${markdownLimits.depth} levels (emphasis, links, quotes or lists inside each other): expected at most ${markdownLimits.depth}`,
        place: {line: place.line, column: place.column},
        ruleId: 'markdown-too-deep'
      }
    }
    if (budget.nodes > markdownLimits.nodes)
      return {
        reason: `More than ${markdownLimits.nodes} Markdown elements in one file: split it into several issues`,
        place: {line: place.line, column: place.column},
        ruleId: 'markdown-too-large'
      }
    if ('children' in node) for (const child of node.children) stack.push([child, depth + 1])
  }
  return undefined
}
