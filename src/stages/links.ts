/**
 * What a URL written in an issue file points to: another issue's file, a
 * file of the issue folder, a section, or the outside world. Pure: it
 * answers from the archive, never from the disk.
 */
import {posix} from 'node:path'
import type {Archive, LinkTarget} from './archive.ts'
import {list} from '../model/message.ts'
import {issueUrl, mediaUrl} from '../model/routes.ts'
import {supportedLanguages, type Lang, type SourceInfo} from '../model/types.ts'

/** Whether the URL is a link (`[]()`) or an image (`![]()`). */
export type LinkKind = 'link' | 'image'

/** A resolved URL (site-absolute for the archive's own files), or why it can't be. */
export type Resolution = {url: string; asset?: string} | {error: string; rule: string}

const linkSchemes = new Set(['http', 'https', 'mailto', 'tel'])

/** Files that readers' browsers display as images. SVG is left out: it can carry script. */
export const imageExtensions = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif'])

/** Files an issue may link to for download, besides images. */
export const documentExtensions = new Set([
  '.pdf',
  '.odt',
  '.ods',
  '.odp',
  '.doc',
  '.docx',
  '.xls',
  '.xlsx',
  '.ppt',
  '.pptx',
  '.csv',
  '.txt',
  '.zip'
])

/**
 * Resolve `url`, written in the issue file described by `from`. Links to
 * another issue's `fr.md`/`en.md` become links to its page; files of the
 * issue folder are published under `/media/`.
 */
export function resolveUrl(
  archive: Archive,
  from: SourceInfo,
  url: string,
  kind: LinkKind,
  consulted?: Set<string>
): Resolution {
  // What the answer depends on, for a cache to know when to ask again.
  const targetOf = (folder: string): LinkTarget | undefined => {
    consulted?.add(folder)
    return archive.targets.get(folder)
  }
  // Browsers ignore these characters inside a scheme, so `java\tscript:` is `javascript:`.
  // eslint-disable-next-line no-control-regex
  const compact = url.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase()
  const scheme = /^([a-z][a-z\d+.-]*):/.exec(compact)?.[1]

  if (scheme !== undefined || compact.startsWith('//')) {
    if (kind === 'image') {
      return {
        error: `Images must be files of the issue folder, not \`${url}\`: an outside image makes every reader’s browser contact another server`,
        rule: 'external-image'
      }
    }
    if (scheme !== undefined && !linkSchemes.has(scheme)) {
      return {
        error: `Links with \`${scheme}:\` are not allowed: expected http, https, mailto, tel, or a relative link to a file of the archive`,
        rule: 'unsafe-url'
      }
    }
    return {url}
  }

  const here = targetOf(from.folder)
  const hashIndex = url.indexOf('#')
  const pathPart = (hashIndex === -1 ? url : url.slice(0, hashIndex)).replace(/\?.*$/s, '')
  const fragment = hashIndex === -1 ? '' : url.slice(hashIndex + 1)

  if (pathPart === '') {
    if (kind === 'image') return {error: 'An image needs a file name', rule: 'broken-image'}
    if (fragment === '' || here?.kind !== 'issue' || here.sectionIds.has(fragment)) return {url}
    return {
      error: `No section \`${fragment}\` in this issue: expected one of ${list([...here.sectionIds])}`,
      rule: 'broken-link'
    }
  }
  if (pathPart.startsWith('/') || pathPart.includes('\\') || pathPart.includes('\0')) {
    return {
      error: `Expected a path relative to this file, such as \`../2020-04-02/fr.md\`, not \`${url}\``,
      rule: 'broken-link'
    }
  }

  let decoded: string
  try {
    decoded = decodeURIComponent(pathPart)
  } catch {
    return {
      error: `Cannot read the path \`${pathPart}\`: a \`%\` must start an escape such as \`%20\``,
      rule: 'broken-link'
    }
  }
  const target = posix.normalize(posix.join(from.folder, decoded)).normalize('NFC')
  if (target.startsWith('../') || target === '..' || target === '.' || posix.isAbsolute(target)) {
    return {error: `\`${url}\` points outside the issue folders`, rule: 'broken-link'}
  }

  const [folder = '', ...rest] = target.split('/')
  const name = rest.join('/')
  const lang = supportedLanguages.find((code) => name === `${code}.md`)
  if (lang !== undefined && kind === 'link')
    return resolveIssueLink(archive, targetOf(folder), folder, lang, fragment, url)

  if (folder !== from.folder) {
    return {
      error: `\`${url}\` is a file of another issue: copy it into this issue’s folder to use it here`,
      rule: kind === 'image' ? 'broken-image' : 'broken-link'
    }
  }
  return resolveAsset(from, here?.kind === 'issue' ? here.number : undefined, name, kind, url)
}

function resolveIssueLink(
  archive: Archive,
  target: LinkTarget | undefined,
  folder: string,
  lang: Lang,
  fragment: string,
  url: string
): Resolution {
  if (target === undefined)
    return {error: `No issue folder \`${folder}\` for \`${url}\``, rule: 'broken-link'}
  if (target.kind === 'unknown') return {url: ''}
  if (target.kind === 'draft')
    return {error: `\`${url}\` links to a draft, which is not published`, rule: 'broken-link'}
  if (!target.langs.includes(lang) && lang !== target.original) {
    return {error: `\`${url}\`: issue ${target.number} has no ${lang}.md`, rule: 'broken-link'}
  }
  if (fragment !== '' && !target.sectionIds.has(fragment)) {
    return {
      error: `No section \`${fragment}\` in issue ${target.number}: expected one of ${list([...target.sectionIds])}`,
      rule: 'broken-link'
    }
  }
  if (!archive.config.languages.includes(lang))
    return {error: `\`${url}\`: \`${lang}\` is not a language of the site`, rule: 'broken-link'}
  return {url: issueUrl(lang, target.number) + (fragment === '' ? '' : `#${fragment}`)}
}

function resolveAsset(
  from: SourceInfo,
  issue: number | undefined,
  name: string,
  kind: LinkKind,
  url: string
): Resolution {
  const rule = kind === 'image' ? 'broken-image' : 'broken-link'
  if (!from.assets.has(name)) {
    const near = [...from.assets.keys()].find((asset) => asset.toLowerCase() === name.toLowerCase())
    return {
      error:
        `No file \`${name}\` in the issue folder for \`${url}\`` +
        (near ? `: did you mean \`${near}\`?` : ''),
      rule
    }
  }
  const unsafe = unsafeName(name)
  if (unsafe !== undefined)
    return {
      error: `\`${name}\` cannot be published under this name: ${unsafe}; rename the file`,
      rule
    }
  const extension = posix.extname(name).toLowerCase()
  const allowed =
    kind === 'image' ? imageExtensions : new Set([...imageExtensions, ...documentExtensions])
  if (!allowed.has(extension)) {
    return {
      error: `\`${name}\` cannot be ${kind === 'image' ? 'shown as an image' : 'linked to'}: expected one of ${list([...allowed])}`,
      rule
    }
  }
  // An issue without a number of its own is reported elsewhere.
  if (issue === undefined) return {url: ''}
  return {url: mediaUrl(issue, name), asset: name}
}

/** Names Windows reserves, whatever the extension: a site copied to a Windows host would lose the file. */
const reservedNames = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\.|$)/i

/** Why a file name cannot be published as is on every host, if it cannot. */
function unsafeName(name: string): string | undefined {
  for (const part of name.split('/')) {
    if (reservedNames.test(part))
      return `Windows reserves the name \`${part.split('.')[0] ?? part}\``
    if (/[<>:"|?*\u0000-\u001F]/.test(part))
      return 'Windows forbids the characters < > : " | ? * and control characters in file names'
    if (/[. ]$/.test(part)) return 'Windows drops a dot or a space at the end of a file name'
  }
  return undefined
}
