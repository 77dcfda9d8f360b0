/**
 * Feeds and corrections: entry ids are permanent whatever the site's
 * address, and an issue corrected (`updated` in its front matter) says so
 * on its page, in its JSON and in its feed entries, and comes back first.
 */
import {readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {build} from '../src/engine/build.ts'
import {fixtureCopy} from './helpers/site.ts'

let site: Awaited<ReturnType<typeof fixtureCopy>>
const read = (path: string): Promise<string> => readFile(join(site.path, 'dist', path), 'utf8')
const ids = (feed: string): string[] =>
  [...feed.matchAll(/<id>([^<]*)<\/id>/g)].map((match) => match[1] ?? '')
const built = async (): Promise<void> => {
  expect((await build({content: 'content', out: 'dist', cwd: site.path, search: false})).ok).toBe(
    true
  )
}

/** Mark the French file of the issue of `date` corrected on `updated`. */
async function correct(date: string, updated: string): Promise<void> {
  const file = join(site.content, 'issues', date, 'fr.md')
  const text = await readFile(file, 'utf8')
  await writeFile(file, text.replace(`date: ${date}\n`, `date: ${date}\nupdated: ${updated}\n`))
}

beforeAll(async () => {
  // Issue 2 (2020-04-10) is corrected on 2020-04-15, in French only.
  site = await fixtureCopy('valid-site')
  await correct('2020-04-10', '2020-04-15')
  await built()
})
afterAll(() => site.remove())

describe('feeds', () => {
  it('keeps every id when the site’s address is set later', async () => {
    const before = await Promise.all(
      ['fr/atom.xml', 'en/atom.xml', 'fr/directions/dnum/atom.xml'].map(read)
    )
    const config = join(site.content, 'site.yml')
    await writeFile(
      config,
      `${await readFile(config, 'utf8')}url: https://intranet.example/bulletin/\n`
    )
    await built()
    const after = await Promise.all(
      ['fr/atom.xml', 'en/atom.xml', 'fr/directions/dnum/atom.xml'].map(read)
    )
    expect(after[0]).toContain('href="https://intranet.example/bulletin/fr/numeros/2/"')
    expect(after.map(ids)).toEqual(before.map(ids))
    expect(ids(after[0] ?? '')).toEqual([
      'urn:bulletin:fr:feed',
      'urn:bulletin:fr:issue:2',
      'urn:bulletin:fr:issue:1'
    ])
    expect(ids(after[2] ?? '')[0]).toBe('urn:bulletin:fr:feed:dnum')
  })

  it('announces a corrected issue again, and shows the correction on its page and in its JSON', async () => {
    const feed = await read('fr/atom.xml')
    expect(feed).toMatch(/<updated>2020-04-15T00:00:00Z<\/updated><link rel="self"/)
    expect(feed).toContain(
      '<id>urn:bulletin:fr:issue:2</id><title>N° 2 — Le 1er numéro d’avril… non, le deuxième</title><published>2020-04-10T00:00:00Z</published><updated>2020-04-15T00:00:00Z</updated>'
    )
    const page = await read('fr/numeros/2/index.html')
    expect(page).toContain(
      '<p class="issue-updated">Mis à jour le <time datetime="2020-04-15">15 avril 2020</time></p>'
    )
    // The English translation was not corrected: its page and entry say nothing of it.
    expect(await read('en/issues/2/index.html')).not.toContain('issue-updated')
    expect(await read('en/atom.xml')).toContain(
      '<published>2020-04-10T00:00:00Z</published><updated>2020-04-10T00:00:00Z</updated>'
    )
    const data = JSON.parse(await read('fr/numeros/2/issue.json')) as {updated: string | null}
    expect(data.updated).toBe('2020-04-15')
  })

  it('puts an old issue corrected today first', async () => {
    await correct('2020-04-02', '2020-05-01')
    await built()
    const feed = await read('fr/atom.xml')
    expect(ids(feed)).toEqual([
      'urn:bulletin:fr:feed',
      'urn:bulletin:fr:issue:1',
      'urn:bulletin:fr:issue:2'
    ])
    expect(feed).toMatch(/<updated>2020-05-01T00:00:00Z<\/updated><link rel="self"/)
  })
})
