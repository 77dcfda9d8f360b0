/**
 * Where gray-matter's sections are in a file. gray-matter (through
 * section-matter) returns the sections' text without positions; this scan
 * follows the same rules line by line to give each section its lines, so
 * messages can point into the file.
 */

/** Lines of one section, 1-based, in the file. */
export interface SectionLines {
  /** Section key as written after the delimiter (`DNUM` for `---DNUM`). */
  key: string
  /** Line of the `---KEY` delimiter. */
  open: number
  /** First line of the section's front matter. */
  data: number
  /** Line of the `---` closing the section's front matter, if any. */
  close?: number
  /** First line of the section's Markdown body. */
  body: number
  /** Line of a delimiter met while this section's front matter was still open. */
  unexpected?: number
  /** Line of the code fence still open when this section's delimiter came. */
  inCode?: number
}

/** A fence that opens or closes a fenced code block, as CommonMark has it. */
const fencePattern = /^ {0,3}(`{3,}(?!.*`)|~{3,})/

/** The same test as section-matter's: a line that starts with `---`, but not with `-----`. */
function isDelimiter(line: string): boolean {
  return line.startsWith('---') && line.charAt(4) !== '-'
}

/**
 * Scan `content`, the text after the front matter, which starts at
 * line `firstLine` of the file.
 */
export function scanSections(content: string, firstLine: number): SectionLines[] {
  const lines = content.split('\n')
  const sections: SectionLines[] = []
  let current: SectionLines | undefined
  // Mirrors section-matter's stack: 0 outside sections, 1 in a section's
  // front matter, 2 in its body.
  let depth = 0
  // The fence of the code block the Markdown is in, if any, and its line.
  let fence: {marker: string; line: number} | undefined

  for (const [index, raw] of lines.entries()) {
    const line = raw.trim()
    const lineNumber = firstLine + index
    if (!isDelimiter(line)) {
      if (depth !== 1) fence = nextFence(fence, raw, lineNumber)
      continue
    }

    if (line.length === 3 && index !== 0) {
      // A bare `---` is Markdown (a thematic break) except right after a
      // section's front matter, which it closes.
      if (depth !== 1) continue
      depth = 2
      if (current) {
        current.close = lineNumber
        current.body = lineNumber + 1
      }
      continue
    }

    if (depth === 2 || depth === 0) {
      current = {
        key: line.slice(3).trim(),
        open: lineNumber,
        data: lineNumber + 1,
        body: lineNumber + 1
      }
      if (fence) current.inCode = fence.line
      fence = undefined
      sections.push(current)
      depth = 1
    } else {
      // section-matter pushes this delimiter on its stack and carries on;
      // what follows is unreliable, so the caller reports it.
      if (current && current.unexpected === undefined) current.unexpected = lineNumber
      depth = 2
    }
  }

  return sections
}

/** The fence open after `raw`: a fence opens a block, the same marker at least as long closes it. */
function nextFence(
  fence: {marker: string; line: number} | undefined,
  raw: string,
  line: number
): {marker: string; line: number} | undefined {
  const marker = fencePattern.exec(raw)?.[1]
  if (marker === undefined) return fence
  if (!fence) return {marker, line}
  const closes =
    marker[0] === fence.marker[0] && marker.length >= fence.marker.length && raw.trim() === marker
  return closes ? undefined : fence
}
