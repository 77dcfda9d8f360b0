/**
 * `npm run dev` when hundreds of files change at once, as from a `git pull`
 * or a checkout: past 500 paths the build looks at every file, and the
 * site it serves is the whole new one.
 */
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {startDevOnFixture} from './helpers/dev.ts'

let site: Awaited<ReturnType<typeof startDevOnFixture>>

beforeAll(async () => {
  site = await startDevOnFixture('valid-site')
}, 60_000)
afterAll(() => site.remove())

/** Issue `number`, in French and English, dated `number` days after the fixture's last. */
function issueFiles(number: number): {folder: string; fr: string; en: string} {
  const date = new Date(Date.UTC(2020, 3, 10 + number)).toISOString().slice(0, 10)
  const section = (title: string, text: string): string =>
    `---DNUM\ntitle: ${title}\nid: dnum\n---\n${text}\n`
  return {
    folder: date,
    fr: `---\nissue: ${number}\ndate: ${date}\ntitle: Numéro ${number}\n---\n\n${section('Le numérique', `Texte du numéro ${number}.`)}`,
    en: `---\ntitle: Issue ${number}\n---\n\n${section('Digital', `Text of issue ${number}.`)}`
  }
}

describe('npm run dev, after a burst of changes', () => {
  it('serves the whole new site after 600 files arrive at once', async () => {
    const server = site.dev
    const since = server.events.length
    const last = 302
    for (let number = 3; number <= last; number++) {
      const {folder, fr, en} = issueFiles(number)
      await mkdir(join(site.content, 'issues', folder))
      await writeFile(join(site.content, 'issues', folder, 'fr.md'), fr)
      await writeFile(join(site.content, 'issues', folder, 'en.md'), en)
    }
    await server.waitForEvent((event) => event.event === 'reload', since)
    const page = async (path: string): Promise<string> =>
      (await fetch(new URL(path, server.url))).text()
    // The last file written: once it is served, every build after it saw all the others.
    await expect
      .poll(async () => page(`en/issues/${last}/`), {timeout: 30_000})
      .toContain(`Text of issue ${last}.`)
    for (const number of [3, 150, last]) {
      expect(await page(`fr/numeros/${number}/`)).toContain(`Texte du numéro ${number}.`)
      expect(await page(`en/issues/${number}/`)).toContain(`Text of issue ${number}.`)
    }
    expect(await page('fr/')).toContain(`Numéro ${last}`)
  })
})
