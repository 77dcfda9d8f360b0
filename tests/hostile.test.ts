/**
 * The hostile-input corpus: one runner over `tests/hostile/<case>/`, each
 * an `issues/` folder built with the shared `site.yml`, and its exact report
 * in `expected.txt`, and for a site that builds the files it publishes under
 * `media/` in `media.txt` (`UPDATE_FIXTURES=1 npm test` rewrites them). For every
 * case the runner also proves that no code ran, no prototype was polluted,
 * nothing was written beside the output folder, the content is unchanged,
 * and no page could run script.
 */
import {createHash} from 'node:crypto'
import {cp, readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterAll, afterEach, describe, expect, it} from 'vitest'
import {build} from '../src/engine/build.ts'
import {report} from '../src/model/report.ts'
import {unsafeParts} from './helpers/safety.ts'
import {listTree, readTree, temporaryFolder} from './helpers/site.ts'

const corpus = fileURLToPath(new URL('hostile/', import.meta.url))
const update = process.env.UPDATE_FIXTURES === '1'
const cases = (await readdir(corpus, {withFileTypes: true}))
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort()
const scratch = await temporaryFolder()
afterAll(() => scratch.remove())

const global = globalThis as {bulletinPwned?: unknown}
afterEach(() => {
  delete global.bulletinPwned
})

/** A digest of every file under `root`, to prove a build changed none. */
async function treeDigest(root: string): Promise<string> {
  const hash = createHash('sha256')
  for (const [path, bytes] of await readTree(root)) hash.update(path).update('\0').update(bytes)
  return hash.digest('hex')
}

/** Build a hostile case in a site of its own; what it reported, wrote and left. */
export async function buildCase(
  name: string
): Promise<{messages: string; ok: boolean; root: string}> {
  const root = join(scratch.path, name)
  await cp(join(corpus, 'site.yml'), join(root, 'content', 'site.yml'))
  await cp(join(corpus, name, 'issues'), join(root, 'content', 'issues'), {recursive: true})
  const before = await treeDigest(join(root, 'content'))
  const result = await build({content: 'content', out: 'dist', cwd: root})
  expect(await treeDigest(join(root, 'content')), 'the content is left as it was').toBe(before)
  return {messages: report(result.files), ok: result.ok, root}
}

/** Every unsafe part of every page of the site built in `out`. */
export async function unsafePages(out: string): Promise<string[]> {
  const found: string[] = []
  for (const path of await listTree(out)) {
    if (!path.endsWith('.html')) continue
    for (const part of unsafeParts(await readFile(join(out, path), 'utf8')))
      found.push(`${path}: ${part}`)
  }
  return found
}

describe('hostile input', () => {
  it('has its cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20)
  })

  for (const name of cases) {
    it(name, async () => {
      const {messages, ok, root} = await buildCase(name)
      const expectedPath = join(corpus, name, 'expected.txt')
      if (update) await writeFile(expectedPath, messages)
      expect(messages).toBe(await readFile(expectedPath, 'utf8'))

      expect(global.bulletinPwned, 'no front matter ran').toBeUndefined()
      expect(({} as {polluted?: unknown}).polluted, 'no prototype was polluted').toBeUndefined()
      expect((await readdir(root)).sort(), 'nothing written beside the output folder').toEqual(
        ok ? ['content', 'dist'] : ['content']
      )
      if (!ok) return
      expect(await unsafePages(join(root, 'dist'))).toEqual([])
      // The issue files published: one file per name, whatever its spelling in the Markdown.
      const media = `${(await listTree(join(root, 'dist', 'media'))).join('\n')}\n`
      const mediaPath = join(corpus, name, 'media.txt')
      if (update) await writeFile(mediaPath, media)
      expect(media).toBe(await readFile(mediaPath, 'utf8'))
    })
  }
})

describe('the oracle', () => {
  const attacks = [
    '<script>alert(1)</script>',
    '<script src="https://evil.example/x.js"></script>',
    '<img src=x onerror=alert(1)>',
    '<iframe src="https://evil.example/"></iframe>',
    '<svg onload=alert(1)></svg>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<meta http-equiv="refresh" content="0; url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<h2 id="location">x</h2>',
    '<a name="__proto__">x</a>',
    '<p style="background: url(javascript:alert(1))">x</p>'
  ]
  for (const attack of attacks) {
    it(`finds ${attack}`, () => {
      expect(
        unsafeParts(
          `<!doctype html><html lang="fr"><head><title>x</title></head><body>${attack}</body></html>`
        )
      ).not.toEqual([])
    })
  }

  it('finds nothing in a page of Bulletin’s own', () => {
    const page =
      '<!doctype html><html lang="fr"><head><title>x</title><script src="../../pagefind/pagefind-ui.js" defer></script><script src="../../assets/search.0123456789.js" defer></script><meta http-equiv="refresh" content="0; url=fr/"></head><body><a href="https://www.interieur.gouv.fr">x</a><a href="mailto:a@b.fr">m</a><h2 id="dnum--location">y</h2></body></html>'
    expect(unsafeParts(page)).toEqual([])
  })
})
