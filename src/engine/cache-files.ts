/**
 * The cache's files: each one written whole and swapped in, signed with a
 * key that never lives in the cache, and read back only when its signature
 * and pipeline hold. Anything else is ignored, never trusted.
 */
import {createHmac, randomBytes, timingSafeEqual} from 'node:crypto'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {mkdir, readFile, rename, rm, writeFile} from 'node:fs/promises'
import {homedir} from 'node:os'
import {dirname, join} from 'node:path'
import {deserialize, serialize} from 'node:v8'
import type {VFile} from 'vfile'
import {warn} from '../model/message.ts'

/** Room for the pipeline's key and the body's digest, one a line. */
const headerSize = 256

/**
 * The key that signs the cache's files, which never lives in the cache:
 * `BULLETIN_CACHE_KEY` when set (a CI secret, so that runs can share the
 * cache), else a random key made once per user in
 * `$XDG_STATE_HOME/bulletin/cache-key` (`~/.local/state/…`), readable by
 * them only. Without a key the cache is not used.
 */
export function cacheSecret(env: NodeJS.ProcessEnv): {key?: Buffer; problem?: string} {
  const given = env.BULLETIN_CACHE_KEY
  if (given !== undefined && given !== '') {
    return given.length < 16
      ? {
          problem:
            'BULLETIN_CACHE_KEY is shorter than 16 characters, so anyone could guess it: building without the cache'
        }
      : {key: Buffer.from(given)}
  }
  const path = join(
    env.XDG_STATE_HOME || join(homedir(), '.local', 'state'),
    'bulletin',
    'cache-key'
  )
  try {
    return {key: readFileSync(path)}
  } catch {
    // Made below on first use.
  }
  try {
    mkdirSync(dirname(path), {recursive: true, mode: 0o700})
    writeFileSync(path, randomBytes(32).toString('hex'), {flag: 'wx', mode: 0o600})
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      return {
        problem: `Cannot make the cache's key ${path} (${describe(error)}): building without the cache`
      }
  }
  return {key: readFileSync(path)}
}

/** Where a cache's files are and how they are signed. */
export interface CacheFiles {
  folder: string
  report: VFile
  pipeline: string
  secret: Buffer
}

function signature(files: CacheFiles, name: string, body: Uint8Array): string {
  return createHmac('sha256', files.secret)
    .update(files.pipeline)
    .update('\0')
    .update(name)
    .update('\0')
    .update(body)
    .digest('hex')
}

/**
 * The value in a cache file, or `undefined` when it is missing, from another
 * pipeline, not signed with this key, or corrupt.
 */
export async function readCacheFile(files: CacheFiles, name: string): Promise<unknown> {
  let bytes: Buffer
  try {
    bytes = await readFile(join(files.folder, name))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      warn(
        files.report,
        `Cannot read ${name} (${describe(error)}): building without it`,
        undefined,
        'cache-unusable'
      )
    return undefined
  }
  try {
    const [found, sum] = bytes.subarray(0, headerSize).toString('latin1').split('\n')
    const body = bytes.subarray(headerSize)
    const expected = Buffer.from(signature(files, name, body))
    if (
      found !== files.pipeline ||
      sum === undefined ||
      sum.length !== expected.length ||
      !timingSafeEqual(Buffer.from(sum), expected)
    )
      return undefined
    return deserialize(body)
  } catch {
    return undefined
  }
}

/** Write a cache file whole, then swap it in: a killed build leaves the old one or none. A failure is a warning. */
export async function writeCacheFile(
  files: CacheFiles,
  name: string,
  value: unknown
): Promise<void> {
  const body = serialize(value)
  const header = Buffer.alloc(headerSize, ' ')
  header.write(`${files.pipeline}\n${signature(files, name, body)}\n`, 'latin1')
  const temporary = join(files.folder, `${name}.${process.pid}.tmp`)
  try {
    await mkdir(files.folder, {recursive: true})
    await writeFile(temporary, Buffer.concat([header, body]))
    await rename(temporary, join(files.folder, name))
  } catch (error) {
    await rm(temporary, {force: true}).catch(() => undefined)
    warn(
      files.report,
      `Cannot write ${name} (${describe(error)}): the next build will not find it`,
      undefined,
      'cache-unusable'
    )
  }
}

/** A system error in a few words: its code and the path it names. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Remove a cache file, if there is one; a failure is a warning. */
export async function removeCacheFile(files: CacheFiles, name: string): Promise<void> {
  try {
    await rm(join(files.folder, name), {force: true})
  } catch (error) {
    warn(files.report, `Cannot remove ${name} (${describe(error)})`, undefined, 'cache-unusable')
  }
}
