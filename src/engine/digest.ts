/** The digest the engine keys and fingerprints values by. */
import {createHash} from 'node:crypto'

/** A short digest of strings, for keys and fingerprints. */
export function digest(...parts: readonly string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('base64url').slice(0, 22)
}
