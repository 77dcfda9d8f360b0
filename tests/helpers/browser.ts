/**
 * What the end-to-end suites share: the Content-Security-Policy the README
 * tells admins to deploy with, and Debian's Chromium, started headless with
 * nothing that reaches the network by itself.
 */
import {chromium, type Browser} from 'playwright-core'

/** The policy of the README; the search must work under it. */
export const strictPolicy =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; img-src 'self' data:; " +
  "style-src 'self' 'sha256-ZCoB1kba9ZTfELA9P5NVsXbrXfcqOSTrLTbcMfUVY4E='; base-uri 'self'; form-action 'self'; object-src 'none'; frame-ancestors 'none'"

/** Start `/usr/bin/chromium` headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
}
