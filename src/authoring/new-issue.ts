/**
 * The text of a new issue file, or of a new translation of an issue, for
 * `bulletin new`. Pure: from the configuration or the original's front
 * matter to Markdown. Examples and originals are HTML comments, which the
 * build leaves out silently; a delimiter line inside a comment starts with
 * `<!--`, so gray-matter does not take it for a section.
 */
import {stringify} from 'yaml'
import type {IssueMatter, Lang, SiteConfig} from '../model/types.ts'

/** What the template says, in the language of the file. */
const words: Record<
  Lang,
  {
    title: string
    summary: string
    intro: string
    howTo: string
    articleTitle: (name: string) => string
    articleText: string
    translate: (number: number, from: string) => string
    original: string
  }
> = {
  fr: {
    title: 'Titre du numéro',
    summary: 'Une phrase qui résume le numéro.',
    intro: 'Une introduction facultative : effacez ce paragraphe si le numéro n’en a pas.',
    howTo:
      'Un article par direction qui écrit dans ce numéro : effacez le « <!-- » devant le « ---CODE » de sa direction et la fin de commentaire sous son texte, puis écrivez. Retirez `draft: true` quand le numéro est prêt.',
    articleTitle: (name) => `Titre de l’article (${name})`,
    articleText: 'Texte de l’article.',
    translate: (number, from) =>
      `Traduction du numéro ${number} (${from}) : traduisez chaque titre et écrivez chaque article sous son original, puis retirez \`draft: true\`.`,
    original: 'Original'
  },
  en: {
    title: 'Title of the issue',
    summary: 'One sentence that sums up the issue.',
    intro: 'An optional introduction: delete this paragraph if the issue has none.',
    howTo:
      'One article per directorate writing in this issue: delete the “<!--” before its directorate’s “---CODE” line and the end of comment below its text, then write. Remove `draft: true` when the issue is ready.',
    articleTitle: (name) => `Title of the article (${name})`,
    articleText: 'Text of the article.',
    translate: (number, from) =>
      `Translation of issue ${number} (${from}): translate each title and write each article below its original, then remove \`draft: true\`.`,
    original: 'Original'
  }
}

/** YAML of `data`, as front matter lines. */
function yaml(data: Record<string, unknown>): string {
  return stringify(data, {lineWidth: 0})
}

/** A comment holding `text`: a `-->` in it would end the comment early. */
function comment(text: string): string {
  return `<!--\n${text.replaceAll('-->', '--&gt;').trimEnd()}\n-->`
}

/** An original's text without its own comments (writers' notes, examples). */
function withoutComments(markdown: string): string {
  return markdown.replace(/<!--[\s\S]*?-->\n*/g, '').trim()
}

/** A new issue: its front matter filled, and an example article per directorate, commented out. */
export function newIssueText(
  config: SiteConfig,
  issue: {number: number; date: string; lang: Lang}
): string {
  const say = words[issue.lang]
  const examples = config.directorates.map((directorate) => {
    const front = yaml({title: say.articleTitle(directorate.name[issue.lang])})
    return `<!-- ---${directorate.code}\n${front}---\n${say.articleText}\n-->`
  })
  return (
    [
      `---\n${yaml({issue: issue.number, date: issue.date, title: say.title, summary: say.summary, draft: true})}---`,
      comment(say.howTo),
      say.intro,
      ...examples
    ].join('\n\n') + '\n'
  )
}

/**
 * A translation of an issue file: its structure with the sections' ids,
 * titles to translate, and the original text of each part as a comment.
 */
export function translationText(
  original: IssueMatter,
  issue: {number: number; from: Lang; to: Lang}
): string {
  const say = words[issue.to]
  const {fields} = original
  const front: Record<string, unknown> = {title: fields.title}
  if (fields.summary !== undefined) front.summary = fields.summary
  front.draft = true
  const parts = [`---\n${yaml(front)}---`, comment(say.translate(issue.number, `${issue.from}.md`))]
  const intro = withoutComments(original.intro?.value ?? '')
  if (intro) parts.push(comment(`${say.original}:\n\n${intro}`))
  for (const section of original.sections) {
    parts.push(
      `---${section.code}\n${yaml({id: section.id, title: section.title})}---\n${comment(`${say.original}:\n\n${withoutComments(section.body.value)}`)}`
    )
  }
  return parts.join('\n\n') + '\n'
}
