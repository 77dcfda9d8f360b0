/**
 * The stage's writer thread: files are on disk, in their folders, once
 * `written` resolves, links are made to the previous site's files, and a
 * file that cannot be written fails the wait with its path.
 */
import {mkdir, readFile, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {startStageWriter} from '../src/engine/stage-writer.ts'
import {createStage, stageSink, writerMinimum} from '../src/engine/write.ts'
import {VFile} from 'vfile'
import {temporaryFolder} from './helpers/site.ts'

const scratch = await temporaryFolder()
afterAll(() => scratch.remove())

describe('the stage writer', () => {
  it('writes each file, links a kept one, and says when all are on disk', async () => {
    const stage = join(scratch.path, 'stage')
    const previous = join(scratch.path, 'previous.html')
    await writeFile(previous, 'avant')
    const writer = startStageWriter()
    writer.post({folders: [join(stage, 'fr'), join(stage, 'fr', 'numeros')]})
    for (let n = 0; n < 40; n++)
      writer.post({target: join(stage, 'fr', 'numeros', `${n}.html`), bytes: Buffer.from(`${n}`)})
    writer.post({target: join(stage, 'en', 'kept.html'), keep: previous})
    await writer.written()
    expect(await readFile(join(stage, 'fr', 'numeros', '39.html'), 'utf8')).toBe('39')
    expect((await stat(join(stage, 'en', 'kept.html'))).ino).toBe((await stat(previous)).ino)
    await writer.close()
  })

  it('fails with the path of a file it could not write, and writes nothing after it', async () => {
    const stage = join(scratch.path, 'failing')
    await mkdir(join(stage, 'taken.html'), {recursive: true})
    const writer = startStageWriter()
    writer.post({target: join(stage, 'taken.html'), bytes: Buffer.from('x')})
    writer.post({target: join(stage, 'after.html'), bytes: Buffer.from('y')})
    await expect(writer.close()).rejects.toThrow(/Cannot write .*taken\.html in the stage/)
    await expect(stat(join(stage, 'after.html'))).rejects.toThrow(/ENOENT/)
  })

  it('is used by a stage only for a site of many files', async () => {
    const started: number[] = []
    for (const count of [writerMinimum - 1, writerMinimum]) {
      const stage = await createStage(join(scratch.path, `site-${count}`))
      const sink = stageSink(stage, () => {
        started.push(count)
        return startStageWriter()
      })
      const paths = Array.from({length: count}, (_, n) => `fr/${n}.html`)
      sink.expect(paths)
      for (const path of paths) sink.put(new VFile({path, value: path}))
      await sink.close()
      expect(await readFile(join(stage.folder, paths.at(-1) ?? ''), 'utf8')).toBe(paths.at(-1))
      expect(stage.digests.size).toBe(count)
    }
    expect(started).toEqual([writerMinimum])
  })

  it('makes the layout wait while too much waits for the disk, and not forever when it fails', async () => {
    const stage = join(scratch.path, 'pressure')
    const megabyte = Buffer.alloc(1024 * 1024, 'a')
    const writer = startStageWriter()
    for (let n = 0; n < 40; n++) writer.post({target: join(stage, `${n}.html`), bytes: megabyte})
    const wait = writer.room()
    expect(wait).toBeInstanceOf(Promise)
    await wait
    expect(writer.room()).toBeUndefined()
    await writer.close()
    expect((await stat(join(stage, '39.html'))).size).toBe(megabyte.length)

    const failing = join(scratch.path, 'pressure-failing')
    await mkdir(join(failing, '0.html'), {recursive: true})
    const second = startStageWriter()
    for (let n = 0; n < 40; n++) second.post({target: join(failing, `${n}.html`), bytes: megabyte})
    await second.room()
    await expect(second.close()).rejects.toThrow(/Cannot write .*0\.html/)
  })
})
