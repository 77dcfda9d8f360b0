import matter from 'gray-matter'
import {fileURLToPath} from 'node:url'
import {afterEach, describe, expect, it} from 'vitest'
import {build} from '../src/engine/build.ts'
import {safeEngines} from '../src/stages/front-matter.ts'
import {resolveUrl} from '../src/stages/links.ts'
import type {Archive} from '../src/stages/archive.ts'
import {temporaryFolder} from './helpers/site.ts'

const global = globalThis as {bulletinPwned?: unknown}
afterEach(() => {
  delete global.bulletinPwned
})

describe('front matter is never run', () => {
  it('the payload would run under gray-matter’s defaults (so the next test can fail)', () => {
    ;(matter as unknown as (input: string, options: object) => unknown)(
      '---js\n{ title: (globalThis.bulletinPwned = "ran") }\n---\n',
      {}
    )
    expect(global.bulletinPwned).toBe('ran')
  })

  it('building files with ---js, ---javascript and --- JS front matter runs nothing', async () => {
    const out = await temporaryFolder()
    const result = await build({
      content: 'content',
      out: `${out.path}/dist`,
      cwd: fileURLToPath(new URL('fixtures/js-front-matter/', import.meta.url))
    })
    await out.remove()
    expect(result.ok).toBe(false)
    expect(global.bulletinPwned).toBeUndefined()
  })
})

describe('gray-matter engines', () => {
  const callMatter = matter as unknown as (input: string, options: object) => unknown

  it('an engine set to false falls back to eval under gray-matter’s defaults (so the next tests can fail)', () => {
    callMatter('---js\n{ title: (globalThis.bulletinPwned = "ran") }\n---\n', {
      engines: {js: false}
    })
    expect(global.bulletinPwned).toBe('ran')
  })

  it('Bulletin’s engines cover every engine gray-matter has, so none falls back to its default', async () => {
    const defaults = (await import('gray-matter/lib/engines.js' as string)) as {
      default: Record<string, unknown>
    }
    for (const name of Object.keys(defaults.default)) expect(safeEngines, name).toHaveProperty(name)
  })

  for (const engines of [
    {...safeEngines, js: false},
    {...safeEngines, javascript: false},
    {...safeEngines, js: undefined},
    {...safeEngines, javascript: undefined}
  ]) {
    it(`refuse JavaScript even with ${JSON.stringify(Object.fromEntries(Object.entries(engines).filter(([, value]) => typeof value !== 'function')))} merged in`, () => {
      for (const language of ['js', 'javascript', 'JavaScript']) {
        try {
          callMatter(`---${language}\n{ title: (globalThis.bulletinPwned = "ran") }\n---\n`, {
            engines
          })
        } catch {
          // Refusing is what is expected; running is not.
        }
        expect(global.bulletinPwned, language).toBeUndefined()
      }
    })
  }

  for (const language of ['js', 'javascript', 'JS', 'json', 'coffee', 'unknown-language']) {
    it(`refuse ${language} front matter without running it`, () => {
      expect(() =>
        callMatter(`---${language}\n{ title: (globalThis.bulletinPwned = "ran") }\n---\n`, {
          engines: safeEngines
        })
      ).toThrow()
      expect(global.bulletinPwned).toBeUndefined()
    })
  }
})

describe('resolveUrl', () => {
  const archive: Archive = {
    config: {title: {fr: '', en: ''}, languages: ['fr'], directorates: [], rawHtml: false},
    issues: [],
    targets: new Map()
  }
  const from = {folder: 'a', lang: 'fr' as const, assets: new Map()}
  const unsafe = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    ' javascript:alert(1)',
    'java\nscript:x',
    'vbscript:x',
    'data:text/html,x',
    'file:///etc/passwd'
  ]
  for (const url of unsafe) {
    it(`refuses ${JSON.stringify(url)}`, () => {
      expect(resolveUrl(archive, from, url, 'link')).toMatchObject({rule: 'unsafe-url'})
    })
  }
  it('keeps web and mail links', () => {
    expect(resolveUrl(archive, from, 'https://example.org/a?b#c', 'link')).toEqual({
      url: 'https://example.org/a?b#c'
    })
    expect(resolveUrl(archive, from, 'mailto:a@example.org', 'link')).toEqual({
      url: 'mailto:a@example.org'
    })
  })
  it('refuses images from elsewhere, protocol-relative included', () => {
    expect(resolveUrl(archive, from, '//example.org/a.png', 'image')).toMatchObject({
      rule: 'external-image'
    })
  })
})

describe('the Content-Security-Policy of the README', () => {
  it('allows the 404 page’s one inline script by its hash, and no other', async () => {
    const {createHash} = await import('node:crypto')
    const {rootFinder} = await import('../layouts/simple.ts')
    const {readmePolicy} = await import('./helpers/browser.ts')
    const scriptSrc =
      readmePolicy()
        .split(';')
        .find((directive) => directive.trim().startsWith('script-src')) ?? ''
    const hashes = scriptSrc.match(/'sha256-[^']+'/g) ?? []
    expect(hashes).toEqual([`'sha256-${createHash('sha256').update(rootFinder).digest('base64')}'`])
  })
})
