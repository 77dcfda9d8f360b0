/**
 * The site configuration (`site.yml`): one schema, validated once, unknown
 * keys rejected.
 */
import {z} from 'zod'
import type {VFile} from 'vfile'
import {fail} from './message.ts'
import {supportedLanguages, type SiteConfig} from './types.ts'
import {parseYaml, validate} from './yaml.ts'

const text = z.string({error: 'expected text'}).trim().min(1, {error: 'expected text'})

const perLanguage = z.strictObject(
  {fr: text, en: text},
  {error: 'expected a text for each language, `fr` and `en`'}
)

const directorate = z.strictObject(
  {
    code: z
      .string({error: 'expected a code in capitals such as `DNUM`'})
      .regex(/^[A-Z][A-Z0-9_-]*$/, {
        error: 'expected a code in capitals, digits, `-` or `_`, such as `DNUM`'
      }),
    name: perLanguage
  },
  {error: 'expected a directorate with `code` and `name`'}
)

/** The schema of `site.yml`. */
export const siteSchema = z.strictObject(
  {
    title: perLanguage,
    publisher: perLanguage.optional(),
    contact: z
      .email({error: 'expected an e-mail address such as `newsletter@interieur.gouv.fr`'})
      .optional(),
    languages: z
      .array(
        z.enum(supportedLanguages, {
          error: `expected a language among ${supportedLanguages.join(', ')}`
        }),
        {
          error: 'expected a list of languages, such as `[fr, en]`'
        }
      )
      .min(1, {error: 'expected at least one language'})
      .refine((languages) => new Set(languages).size === languages.length, {
        error: 'expected each language once'
      }),
    url: z
      .url({
        protocol: /^https?$/,
        error: 'expected an absolute http(s) URL such as `https://intranet.example/bulletin/`'
      })
      .optional(),
    rawHtml: z.boolean({error: 'expected `true` or `false`'}).optional(),
    directorates: z
      .array(directorate, {error: 'expected a list of directorates'})
      .min(1, {error: 'expected at least one directorate'})
      .superRefine((list, context) => {
        const seen = new Set<string>()
        for (const [index, item] of list.entries()) {
          if (seen.has(item.code)) {
            context.addIssue({
              code: 'custom',
              path: [index, 'code'],
              message: `the code ${item.code} is already used by an earlier directorate`
            })
          }
          seen.add(item.code)
        }
      })
  },
  {error: 'expected the site configuration as a YAML map'}
)

/**
 * Read the site configuration from its file. Problems are reported on the
 * file; returns `undefined` when the configuration cannot be used.
 */
export function parseConfig(file: VFile): SiteConfig | undefined {
  const block = parseYaml(file, String(file.value), 1)
  if (block.value === undefined && !block.failed) {
    fail(
      file,
      'The site configuration is empty: expected `title`, `languages` and `directorates`',
      {line: 1, column: 1},
      'missing-field'
    )
    return undefined
  }
  const data = validate(file, block, siteSchema, 'the site configuration')
  if (!data) return undefined
  const config: SiteConfig = {
    title: data.title,
    languages: data.languages,
    directorates: data.directorates,
    rawHtml: data.rawHtml ?? false
  }
  if (data.url !== undefined) config.url = data.url.endsWith('/') ? data.url : `${data.url}/`
  if (data.publisher !== undefined) config.publisher = data.publisher
  if (data.contact !== undefined) config.contact = data.contact
  return config
}
