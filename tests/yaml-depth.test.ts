/**
 * The bound on YAML nesting: checked before the parser runs, so that a
 * deeply nested block gives the same message wherever the stack stands.
 */
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {parseYaml} from '../src/model/yaml.ts'
import {
  maxFlowDepth,
  maxIndentation,
  maxIndicatorRun,
  nestingProblem
} from '../src/model/yaml-depth.ts'

/** The messages of parsing `text` with `frames` calls on the stack above. */
function messagesAt(text: string, frames: number): string[] {
  const parse = (left: number): string[] => {
    if (left > 0) return parse(left - 1)
    const file = new VFile({path: 'fr.md'})
    parseYaml(file, text, 2)
    return file.messages.map((message) => `${message.line}:${message.column} ${message.reason}`)
  }
  return parse(frames)
}

describe('the bound on YAML nesting', () => {
  it('finds the first level too deep, of flow collections, indicators on a line, or indentation', () => {
    const flow = `x: ${'['.repeat(maxFlowDepth + 5)}`
    expect(nestingProblem(flow)?.offset).toBe(3 + maxFlowDepth)
    const dashes = `x:\n  ${'- '.repeat(maxIndicatorRun + 5)}a`
    expect(nestingProblem(dashes)?.offset).toBe(5 + 2 * maxIndicatorRun)
    const indented = `x:\n${' '.repeat(maxIndentation + 1)}y: 1`
    expect(nestingProblem(indented)?.offset).toBe(3 + maxIndentation)
  })

  it('lets a real front matter through, and what quotes and comments hold', () => {
    const real = [
      'issue: 12',
      'date: 2020-04-09',
      "title: 'L''équipe [DNUM] {en ligne}'",
      'summary: "Un [lien" # [[[[',
      'tags: [a, [b, {c: d}]]',
      'list:',
      '  - - a',
      '    - b'
    ].join('\n')
    expect(nestingProblem(real)).toBeUndefined()
    expect(nestingProblem(`x: '${'['.repeat(200)}'`)).toBeUndefined()
    expect(nestingProblem(`x: 1 # ${'['.repeat(200)}`)).toBeUndefined()
  })

  it('is not fooled by an apostrophe inside a plain scalar', () => {
    const hidden = `a: it's\nb: ${'['.repeat(maxFlowDepth + 1)}`
    expect(nestingProblem(hidden)?.offset).toBe(hidden.length - 1)
  })

  it('gives the same message at any depth of the stack', () => {
    for (const text of [
      `x: ${'['.repeat(3000)}${']'.repeat(3000)}`,
      `x:\n  ${'- '.repeat(3000)}a`
    ]) {
      const shallow = messagesAt(text, 0)
      expect(shallow).toHaveLength(1)
      expect(shallow[0]).toMatch(/^[23]:\d+ YAML nested too deeply/)
      expect(messagesAt(text, 3000)).toEqual(shallow)
    }
  })
})
