/**
 * What the end-to-end suites share: the Content-Security-Policy of the
 * README, read from it so that the suites test exactly what admins deploy,
 * and Debian's Chromium, started headless with nothing that reaches the
 * network by itself.
 */
import {readFileSync} from 'node:fs'
import {chromium, type Browser} from 'playwright-core'

/** The policy in the README's Content-Security-Policy section, on one line. */
export function readmePolicy(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const block = /### Content-Security-Policy\n[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1]
  if (block === undefined) throw new Error('The README has no Content-Security-Policy block')
  return block.trim().split('\n').join(' ')
}

/** The policy of the README; the search must work under it. */
export const strictPolicy = readmePolicy()

/** Start `/usr/bin/chromium` headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}
