import { IntlMessageFormat } from 'intl-messageformat';
import { type Money, formatMoney } from '../money';
import { type Catalog, REFERENCE_LANGUAGE, catalogGaps, readCatalogs } from './catalogs';

export type MessageValues = Record<string, string | number>;

/**
 * Everything one message needs to speak one language: its sentences from the language's catalog and its
 * dates, times and money in the formatting locale (the language, with the property's country as region:
 * `es-PE` writes `S/ 745.80`, `es-ES` writes `745,80 €`, `en-ES` writes `€745.80`).
 */
export class Translator {
  private readonly formats = new Map<string, IntlMessageFormat>();

  constructor(
    readonly language: string,
    readonly locale: string,
    private readonly catalog: Catalog,
  ) {}

  /** The message `key` with its placeholders filled; an unknown key is a bug, so it throws. */
  t(key: string, values: MessageValues = {}): string {
    let format = this.formats.get(key);
    if (!format) {
      const source = this.catalog[key];
      if (source === undefined) throw new Error(`no message ${key} in the ${this.language} catalog`);
      format = new IntlMessageFormat(source, this.locale);
      this.formats.set(key, format);
    }
    return String(format.format(values));
  }

  /** A stay date (`YYYY-MM-DD`, no time zone shift), e.g. "Saturday, 5 June 2027" or "sábado, 5 de junio de 2027". */
  date(date: string, style: 'full' | 'long' | 'medium' = 'full'): string {
    return new Intl.DateTimeFormat(this.locale, { dateStyle: style, timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
  }

  /** An instant as the clock on the wall in `timeZone` shows it, with the zone's name. */
  instant(at: Date, timeZone: string): string {
    return `${new Intl.DateTimeFormat(this.locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(at)} (${timeZone})`;
  }

  /** A local time of day (`HH:MM[:SS]`) as people there write it: "3:00 PM" or "15:00". */
  time(time: string): string {
    const [hours = 0, minutes = 0] = time.split(':').map(Number);
    return new Intl.DateTimeFormat(this.locale, { timeStyle: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, 0, 1, hours, minutes)));
  }

  /** A plain number, e.g. a percentage: "7.5" or "7,5". */
  number(value: number): string {
    return new Intl.NumberFormat(this.locale).format(value);
  }

  money(value: Money): string {
    return formatMoney(value, this.locale);
  }
}

let loaded: { catalogs: Map<string, Catalog>; languages: string[] } | undefined;

function catalogs() {
  if (!loaded) {
    const all = readCatalogs();
    const reference = all.get(REFERENCE_LANGUAGE);
    if (!reference) throw new Error(`the ${REFERENCE_LANGUAGE} catalog is missing`);
    const complete = [...all].filter(([, catalog]) => catalogGaps(catalog, reference).missing.length === 0);
    loaded = { catalogs: new Map(complete), languages: complete.map(([language]) => language) };
  }
  return loaded;
}

/** Languages whose catalog has every English message: the ones emails and documents can be written in. */
export const supportedLanguages = (): readonly string[] => catalogs().languages;

export const isSupportedLanguage = (language: string | null | undefined): language is string =>
  !!language && supportedLanguages().includes(language);

/**
 * The first supported language among the candidates (the guest's preference, the property's language …),
 * else English. Candidates may be tags such as `es-PE`: their language part is what counts.
 */
export function chooseLanguage(...candidates: (string | null | undefined)[]): string {
  for (const candidate of candidates) {
    const language = candidate?.split(/[-_]/)[0]?.toLowerCase();
    if (isSupportedLanguage(language)) return language;
  }
  return REFERENCE_LANGUAGE;
}

/** A translator for `language` (must be supported) formatting as people in `country` (ISO 3166) do. */
export function translatorFor(language: string, country?: string | null): Translator {
  const catalog = catalogs().catalogs.get(language);
  if (!catalog) throw new Error(`no complete catalog for ${language}`);
  const locale = country ? `${language}-${country.toUpperCase()}` : language;
  return new Translator(language, Intl.getCanonicalLocales(locale)[0] ?? language, catalog);
}
