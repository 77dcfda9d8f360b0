import {readFile, rename, utimes, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {createStore} from '../src/engine/store.ts'
import {listingInput, loadedTextInput} from '../src/stages/load-memory.ts'
import {defaultLayouts, loadSources} from '../src/stages/load.ts'
import {fixtureCopy} from './helpers/site.ts'

let site: Awaited<ReturnType<typeof fixtureCopy>>
beforeAll(async () => {
  site = await fixtureCopy('valid-site')
})
afterAll(() => site.remove())

describe("the load stage's memory in the store", () => {
  it('takes what the watcher saw unchanged from the store, reads what it names, and forgets what is gone', async () => {
    const store = createStore({code: '', queries: []})
    const load = (changed?: Set<string>) =>
      loadSources({
        content: site.content,
        layouts: defaultLayouts,
        cwd: site.path,
        store,
        ...(changed ? {changed} : {})
      })
    const text = async (path: string) =>
      String((await load(new Set())).issues.find((file) => file.path === path)?.value)
    const folders = (await load()).issues.map((file) => file.path.split('/').at(-2) ?? '')
    const folder = folders[0] ?? ''
    const file = join(site.content, 'issues', folder, 'fr.md')
    const before = await readFile(file, 'utf8')
    expect(store.peek(loadedTextInput, file)?.text).toBe(before)
    expect(store.peek(listingInput, join(site.content, 'issues'))).toContain(folder)

    // The watcher saw nothing: the file is not read, its text is the store's.
    await writeFile(file, `${before}\nUne phrase.\n`)
    const path = `content/issues/${folder}/fr.md`
    expect(await text(path)).toBe(before)
    // Told of the change, the load reads it again; an unchanged identity would not.
    const again = await load(new Set([file]))
    expect(String(again.issues.find((issue) => issue.path === path)?.value)).toContain(
      'Une phrase.'
    )
    const hourAgo = new Date(Date.now() - 3_600_000)
    await utimes(file, hourAgo, hourAgo)
    await load()
    expect(store.peek(loadedTextInput, file)?.text).toContain('Une phrase.')

    // A folder renamed: the old one's texts and listing are forgotten.
    const issues = join(site.content, 'issues')
    await rename(join(issues, folder), join(issues, `${folder}-x`))
    await load(new Set([join(issues, folder), join(issues, `${folder}-x`)]))
    expect(store.peek(loadedTextInput, file)).toBeUndefined()
    expect(store.peek(listingInput, join(issues, folder))).toBeUndefined()
    expect(store.peek(listingInput, join(issues, `${folder}-x`))).toBeDefined()
  })
})
