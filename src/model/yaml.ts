/**
 * YAML with positions: parse a YAML block found at some line of a file, and
 * validate it against a schema, reporting every problem at its place in the
 * file (not in the block).
 */
import {isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node} from 'yaml'
import type {VFile} from 'vfile'
import type {z} from 'zod'
import {fail, list} from './message.ts'
import {nestingProblem} from './yaml-depth.ts'
import type {Position} from './types.ts'

/** Aliases allowed when resolving a document: enough for anchors, too few for a "billion laughs". */
const maxAliasCount = 50

/**
 * The longest block read, in characters. A real front matter holds a few
 * lines; the YAML parser's checks (unique keys) take quadratic time, so a
 * block of megabytes would hang the build instead of failing it.
 */
export const maxYamlLength = 64 * 1024

/** A parsed YAML block and a way back from its nodes to the file. */
export interface YamlBlock {
  doc: Document.Parsed
  /** The plain value, or `undefined` when the block could not be resolved. */
  value: unknown
  /** Whether a problem was reported: the block is not valid YAML or too big to read. */
  failed: boolean
  /** Position in the file of the node at `path` (or of its nearest present parent). */
  positionAt(path: readonly PropertyKey[]): Position
  /** Position in the file of the key `key` of the map at `path`. */
  keyPositionAt(path: readonly PropertyKey[], key: string): Position
  /** Source text of the scalar at `path`, as written. */
  sourceAt(path: readonly PropertyKey[]): string | undefined
}

/**
 * Parse `text`, which starts at line `line` (column 1) of `file`. YAML errors
 * become messages at their place in the file; the schema is the YAML 1.2 core
 * schema, so dates stay strings and no custom tag can run code.
 */
export function parseYaml(file: VFile, text: string, line: number): YamlBlock {
  const tooLong = text.length > maxYamlLength
  if (tooLong) {
    fail(
      file,
      `This YAML block is ${Math.round(text.length / 1024)} KB long: at most ${maxYamlLength / 1024} KB is read, as a front matter holds a few fields`,
      {line, column: 1},
      'yaml-too-long'
    )
  }
  const nesting = tooLong ? undefined : nestingProblem(text)
  if (nesting) {
    const before = text.slice(0, nesting.offset)
    const column = nesting.offset - before.lastIndexOf('\n')
    fail(
      file,
      `YAML nested too deeply: ${nesting.reason}, where a front matter needs two or three levels`,
      {line: line + before.split('\n').length - 1, column},
      'yaml-too-deep'
    )
  }
  const lines = new LineCounter()
  const doc = parseDocument(tooLong || nesting ? '' : text, {
    lineCounter: lines,
    prettyErrors: false,
    schema: 'core',
    merge: false,
    uniqueKeys: true,
    strict: true
  })

  const toPosition = (range: readonly number[] | null | undefined): Position => {
    const [startOffset = 0, endOffset = startOffset] = range ?? []
    const start = lines.linePos(startOffset)
    const end = lines.linePos(Math.max(startOffset, endOffset))
    return {
      start: {line: start.line + line - 1, column: start.col},
      end: {line: end.line + line - 1, column: end.col}
    }
  }

  for (const error of doc.errors) {
    fail(
      file,
      `YAML: ${yamlReason(error.message)}`,
      toPosition(error.pos),
      `yaml-${error.code.toLowerCase().replaceAll('_', '-')}`
    )
  }

  let value: unknown
  let failed = tooLong || nesting !== undefined || doc.errors.length > 0
  if (!failed) {
    try {
      value = doc.toJS({maxAliasCount})
    } catch (error) {
      fail(
        file,
        `YAML: ${error instanceof Error ? error.message : String(error)}`,
        toPosition(doc.contents?.range),
        'yaml-aliases'
      )
      failed = true
    }
  }

  const nodeAt = (path: readonly PropertyKey[]): Node | undefined => {
    for (let length = path.length; length >= 0; length--) {
      const node: unknown = length === 0 ? doc.contents : doc.getIn(path.slice(0, length), true)
      if (node && typeof node === 'object' && 'range' in node) return node as Node
    }
    return undefined
  }

  return {
    doc,
    value,
    failed,
    positionAt: (path) => toPosition(nodeAt(path)?.range),
    keyPositionAt(path, key) {
      const map = path.length === 0 ? doc.contents : doc.getIn(path, true)
      if (isMap(map)) {
        for (const pair of map.items) {
          if (isPair(pair) && isScalar(pair.key) && pair.key.value === key)
            return toPosition(pair.key.range)
        }
      }
      return toPosition(nodeAt(path)?.range)
    },
    sourceAt(path) {
      const node = doc.getIn(path, true)
      return isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined
    }
  }
}

/** The yaml package's messages end without a stop and sometimes carry a trailing position. */
function yamlReason(message: string): string {
  return message.replace(/ at line \d+, column \d+.*$/s, '').trim()
}

/**
 * Validate a parsed block against a zod schema. Each problem becomes a
 * message at the place of the offending value; unknown keys are reported at
 * the key and list the known ones. Returns the typed value, or `undefined`.
 */
export function validate<Schema extends z.ZodType>(
  file: VFile,
  block: YamlBlock,
  schema: Schema,
  what: string
): z.infer<Schema> | undefined {
  if (block.value === undefined) return undefined
  const result = schema.safeParse(block.value)
  if (result.success) return result.data

  for (const issue of result.error.issues) {
    const path = issue.path
    const name = path.map(String).join('.')
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(schema, path)
      for (const key of issue.keys) {
        fail(
          file,
          `Unknown field \`${[...path.map(String), key].join('.')}\` in ${what}` +
            (known.length > 0 ? `; expected ${list(known)}` : ''),
          block.keyPositionAt(path, key),
          'unknown-field'
        )
      }
    } else if (issue.code === 'invalid_type' && isMissing(block.value, path)) {
      fail(
        file,
        `Missing field \`${name}\` in ${what}: ${issue.message}`,
        block.positionAt(path),
        'missing-field'
      )
    } else {
      // "expected …, not `012`": quoting the value helps when the message says what was expected.
      const source = issue.message.startsWith('expected') ? block.sourceAt(path) : undefined
      fail(
        file,
        `${name === '' ? what : `\`${name}\``}: ${issue.message}` +
          (source === undefined ? '' : `, not \`${source}\``),
        block.positionAt(path),
        'invalid-field'
      )
    }
  }
  return undefined
}

function isMissing(value: unknown, path: readonly PropertyKey[]): boolean {
  let current = value
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return true
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current === undefined || current === null
}

/** Field names of the object schema at `path`, for "expected one of" hints. */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema
  for (const key of path) {
    current = unwrap(current)
    if (typeof key === 'number' && hasDef(current) && current.def.type === 'array') {
      current = (current.def as {element?: unknown}).element
    } else if (hasShape(current)) {
      current = current.shape[String(key)]
    } else {
      return []
    }
  }
  current = unwrap(current)
  return hasShape(current) ? Object.keys(current.shape) : []
}

function unwrap(schema: unknown): unknown {
  let current = schema
  while (
    hasDef(current) &&
    ['optional', 'default', 'nullable', 'pipe'].includes(current.def.type)
  ) {
    const def = current.def as {innerType?: unknown; in?: unknown}
    current = def.innerType ?? def.in
  }
  return current
}

function hasDef(value: unknown): value is {def: {type: string}} {
  return typeof value === 'object' && value !== null && 'def' in value
}

function hasShape(value: unknown): value is {shape: Record<string, unknown>} {
  return typeof value === 'object' && value !== null && 'shape' in value
}
