/**
 * The benchmark's archive as a Hugo site, for a side-by-side figure: each
 * issue a page bundle with its French and English files, each
 * directorate's article a second-level heading, the directorates a
 * taxonomy, and minimal templates (a page, a paginated list). Hugo has no
 * search index and no feeds here: its figure is a floor for a generator
 * of compiled code, not the same work as Bulletin's.
 */
import {execFileSync} from 'node:child_process'
import {mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {parse, stringify} from 'yaml'

/** Hugo's version line, or undefined when `hugo` is not installed. */
export function hugoVersion(): string | undefined {
  try {
    return execFileSync('hugo', ['version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore']
    })
      .trim()
      .split(' ')
      .slice(0, 2)
      .join(' ')
  } catch {
    return undefined
  }
}

const templates: Record<string, string> = {
  '_default/baseof.html': `<!doctype html>
<html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
`,
  '_default/single.html': `{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}</p>
{{ range .Params.directorates }}<a href="{{ (printf "/directorates/%s/" (. | urlize)) | relLangURL }}">{{ . }}</a> {{ end }}
{{ .Content }}{{ end }}
`,
  '_default/list.html': `{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range (.Paginate .Pages.ByDate.Reverse 50).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>{{ end }}
</ul>{{ template "_internal/pagination.html" . }}{{ end }}
`
}

const config = `baseURL = "https://bulletin.example/"
defaultContentLanguage = "fr"
defaultContentLanguageInSubdir = true
buildFuture = true
disableKinds = ["RSS", "sitemap", "robotsTXT"]
[taxonomies]
  directorate = "directorates"
[languages.fr]
  weight = 1
[languages.en]
  weight = 2
[markup.goldmark.parser.attribute]
  title = true
`

/** One issue file of Bulletin's format as a Hugo page: front matter, then each section under its heading. */
function hugoPage(text: string, date: string): string {
  const [first = '', ...rest] = text.split(/^---([A-Z][A-Z0-9-]*)\n/m)
  const [front = '', intro = ''] = splitFields(first.replace(/^---\n/, ''))
  const matter = parse(front) as Record<string, unknown>
  const body = [intro]
  const codes: string[] = []
  for (let index = 0; index + 1 < rest.length; index += 2) {
    const [fields, markdown] = splitFields(rest[index + 1] ?? '')
    const section = parse(fields) as {title: string; id: string}
    codes.push(rest[index] ?? '')
    body.push(`## ${section.title} {#${section.id}}\n\n${markdown.replace(/^## /gm, '### ')}`)
  }
  const fields = {
    title: matter.title,
    date,
    summary: matter.summary,
    directorates: [...new Set(codes)]
  }
  return `---\n${stringify(fields, {lineWidth: 0})}---\n${body.join('\n\n')}`
}

/** A block's YAML fields and what follows their closing `---` line. */
function splitFields(block: string): [string, string] {
  const end = block.indexOf('\n---\n')
  return end < 0 ? [block, ''] : [block.slice(0, end + 1), block.slice(end + 5)]
}

/** Write the archive of Bulletin's `content` folder as a Hugo site in `out`. */
export async function writeHugoSite(content: string, out: string): Promise<void> {
  await rm(out, {recursive: true, force: true})
  for (const [path, text] of Object.entries(templates)) {
    await mkdir(join(out, 'layouts', path, '..'), {recursive: true})
    await writeFile(join(out, 'layouts', path), text)
  }
  await writeFile(join(out, 'hugo.toml'), config)
  for (const folder of (await readdir(join(content, 'issues'))).sort()) {
    const bundle = join(out, 'content', 'issues', folder)
    await mkdir(bundle, {recursive: true})
    for (const lang of ['fr', 'en']) {
      const text = await readFile(join(content, 'issues', folder, `${lang}.md`), 'utf8')
      await writeFile(join(bundle, `index.${lang}.md`), hugoPage(text, folder))
    }
  }
}
