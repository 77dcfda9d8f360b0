/**
 * `tsx scripts/generate-archive.ts --issues N --out DIR`: a synthetic
 * archive in Bulletin's format, for the benchmark. Deterministic: the same
 * N gives the same bytes. A weekly issue from 2020-04-02, in French and
 * English, 3 to 8 articles each from the configured directorates, with
 * paragraphs, lists, emphasis and links to earlier issues; 3 to 10 KB a file.
 */
import {copyFile, mkdir, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {parseArgs} from 'node:util'
import {stringify} from 'yaml'

const french =
  'agents télétravail ministère sécurité masques préfecture continuité service soutien équipes mission crise santé protection formation numérique accès réseau direction personnels mesures dispositif accompagnement solidarité information prévention organisation activité territoire collectivités ressources gestion budget achats immobilier juridique police administrative déplacement attestation'.split(
    ' '
  )
const english =
  'staff teleworking ministry security masks prefecture continuity service support teams mission crisis health protection training digital access network directorate personnel measures scheme assistance solidarity information prevention organisation activity territory authorities resources management budget procurement property legal police administrative travel certificate'.split(
    ' '
  )
const codes = ['DNUM', 'DEPAFI', 'DRH', 'DMAT', 'DLPAJ', 'CHEMI', 'DICOM', 'PREF-BFC']

/** mulberry32: a small, fast, seeded generator, so that the archive is the same every time. */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Plan {
  number: number
  folder: string
  date: string
  sections: {code: string; id: string}[]
}

/** Generate `count` issues into `out/issues/`, with the real archive's `site.yml`. */
export async function generateArchive(count: number, out: string): Promise<void> {
  await rm(out, {recursive: true, force: true})
  await mkdir(join(out, 'issues'), {recursive: true})
  await copyFile(new URL('../content/site.yml', import.meta.url), join(out, 'site.yml'))
  const plans: Plan[] = []
  const start = Date.UTC(2020, 3, 2)
  for (let number = 1; number <= count; number++) {
    const next = random(number)
    const date = new Date(start + (number - 1) * 7 * 86_400_000).toISOString().slice(0, 10)
    const sections = Array.from({length: 3 + Math.floor(next() * 6)}, (_, index) => {
      const code = codes[Math.floor(next() * codes.length)] ?? 'DNUM'
      return {code, id: `${code.toLowerCase()}-${index + 1}`}
    })
    plans.push({number, folder: date, date, sections})
  }
  for (const plan of plans) {
    await mkdir(join(out, 'issues', plan.folder))
    for (const lang of ['fr', 'en'] as const) {
      await writeFile(join(out, 'issues', plan.folder, `${lang}.md`), issueText(plan, plans, lang))
    }
  }
}

function issueText(plan: Plan, plans: readonly Plan[], lang: 'fr' | 'en'): string {
  // The same seed for both languages: a translation has the same shape as its original.
  const next = random(plan.number * 7919)
  const words = lang === 'fr' ? french : english
  const pick = (): string => words[Math.floor(next() * words.length)] ?? ''
  const sentence = (length: number): string => {
    const text = Array.from({length}, pick).join(' ')
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`
  }
  const paragraph = (): string => {
    const sentences = Array.from({length: 2 + Math.floor(next() * 4)}, () =>
      sentence(8 + Math.floor(next() * 12))
    )
    const index = Math.floor(next() * sentences.length)
    sentences[index] = `**${sentences[index] ?? ''}**`
    return sentences.join(' ')
  }
  // Drawn apart from the text, whose length differs by language: both link the same issue.
  const link = (index: number): string => {
    const target =
      plans[Math.floor(random(plan.number * 104_729 + index)() * Math.max(1, plan.number - 1))]
    const section = target?.sections[0]
    if (!target || target === plan || !section) return ''
    return ` ${lang === 'fr' ? 'Voir aussi' : 'See also'} [${lang === 'fr' ? 'le numéro' : 'issue'} ${target.number}](../${target.folder}/${lang}.md#${section.id}).`
  }

  const front =
    lang === 'fr'
      ? {
          issue: plan.number,
          date: plan.date,
          title: sentence(4).slice(0, -1),
          summary: sentence(12)
        }
      : {title: sentence(4).slice(0, -1), summary: sentence(12)}
  // Each file aims at a size between 3 and 10 KB: past its budget, articles are one paragraph.
  const budget = 3000 + next() * 5000
  const parts = [`---\n${stringify(front, {lineWidth: 0})}---`, paragraph()]
  const size = (): number => Buffer.byteLength(parts.join('\n\n'))
  for (const [index, section] of plan.sections.entries()) {
    const body = [paragraph() + link(index)]
    if (size() < budget) {
      for (let count = Math.floor(next() * 2); count > 0; count--) body.push(paragraph())
      if (next() < 0.5)
        body.push(
          Array.from(
            {length: 2 + Math.floor(next() * 4)},
            () => `- ${sentence(6 + Math.floor(next() * 8))}`
          ).join('\n')
        )
      if (next() < 0.3) body.push(`## ${sentence(3).slice(0, -1)}\n\n${paragraph()}`)
    }
    parts.push(
      `---${section.code}\n${stringify({title: sentence(5).slice(0, -1), id: section.id}, {lineWidth: 0})}---\n${body.join('\n\n')}`
    )
  }
  while (size() < 3100) parts.push(paragraph())
  return `${parts.join('\n\n')}\n`
}

const isMain = import.meta.url === new URL(`file://${process.argv[1] ?? ''}`).href
if (isMain) {
  const {values} = parseArgs({
    options: {issues: {type: 'string', default: '4000'}, out: {type: 'string'}},
    strict: true
  })
  if (values.out === undefined || !/^\d+$/.test(values.issues)) {
    process.stderr.write('Usage: tsx scripts/generate-archive.ts --issues N --out DIR\n')
    process.exitCode = 2
  } else {
    await generateArchive(Number(values.issues), values.out)
  }
}
