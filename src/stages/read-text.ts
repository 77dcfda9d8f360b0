/**
 * Reading one text file: UTF-8 only, a byte-order mark and CRLF line
 * endings accepted and normalized, a size bounded, and every problem a
 * message at the place of the first bad byte.
 */
import {open} from 'node:fs/promises'
import {VFile} from 'vfile'
import {fail} from '../model/message.ts'

/** Errors of a path that the writer can mend: not the disk's or Bulletin's. */
export const contentErrors = ['EACCES', 'EPERM', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG']

/**
 * The largest text file read. Parsing Markdown costs some 4 s a megabyte:
 * a file of 10 MB, pasted by mistake, would stall every build.
 */
export const maxTextBytes = 2 ** 20

/**
 * Read a text file as UTF-8. A missing file or one that is not UTF-8 text
 * gives a VFile with an error at the place of the first bad byte.
 */
export async function readText(path: string, display: (path: string) => string): Promise<VFile> {
  const file = new VFile({path: display(path), value: ''})
  let bytes: Buffer
  try {
    const handle = await open(path)
    try {
      const {size} = await handle.stat()
      if (size > maxTextBytes) {
        const megabytes = (size / 2 ** 20).toFixed(1)
        fail(
          file,
          `The file weighs ${megabytes} MB: text files are read up to ${maxTextBytes / 2 ** 20} MB (an issue weighs some 20 KB); put large documents beside it as attachments`,
          undefined,
          'file-too-large'
        )
        return file
      }
      bytes = await handle.readFile()
    } finally {
      await handle.close()
    }
  } catch (error) {
    if (isCode(error, 'ENOENT')) fail(file, 'File not found', undefined, 'missing-file')
    else if (isCode(error, 'EISDIR'))
      fail(file, 'Expected a file, found a folder', undefined, 'unreadable-file')
    else if (contentErrors.some((code) => isCode(error, code)))
      fail(
        file,
        `Cannot read this file (${(error as NodeJS.ErrnoException).code}): check its permissions`,
        undefined,
        'unreadable-file'
      )
    else throw new Error(`Cannot read ${path}`, {cause: error})
    return file
  }
  const text = bytes.toString('utf8')
  const bad = firstInvalidByte(bytes, text)
  if (bad !== undefined) {
    fail(
      file,
      `Not UTF-8 text (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')}): save the file as UTF-8`,
      pointAt(bytes.subarray(0, bad).toString('utf8')),
      'not-utf8'
    )
    return file
  }
  const nul = text.indexOf('\0')
  if (nul !== -1) {
    fail(
      file,
      'The file holds NUL characters: expected text, not a binary file',
      pointAt(text.slice(0, nul)),
      'not-utf8'
    )
    return file
  }
  // A byte-order mark and Windows line endings change nothing for the reader.
  file.value = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  return file
}

/** Offset of the first byte that is not valid UTF-8, if any. */
function firstInvalidByte(bytes: Buffer, text: string): number | undefined {
  // Only a replacement character can hide a bad byte: most files have none.
  if (!text.includes('\uFFFD')) return undefined
  let offset = 0
  for (const character of text) {
    const size = Buffer.byteLength(character)
    if (
      character === '\uFFFD' &&
      !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)
    )
      return offset
    offset += size
  }
  return undefined
}

function pointAt(before: string): {line: number; column: number} {
  const lines = before.split('\n')
  return {line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1}
}

/** Whether `error` is a system error with this code. */
export function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code
}
