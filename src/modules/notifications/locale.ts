import { type Money, formatMoney } from '../../platform/money';

/** The locale used to format a property's dates and prices: its country's main language. */
const LANGUAGE_BY_COUNTRY: Record<string, string> = {
  ES: 'es', PT: 'pt', FR: 'fr', IT: 'it', DE: 'de', NL: 'nl', ID: 'id', GB: 'en', US: 'en', IE: 'en', AT: 'de', BE: 'fr', CH: 'de', GR: 'el',
};

export const localeOf = (country: string) => `${LANGUAGE_BY_COUNTRY[country] ?? 'en'}-${country}`;

/** A calendar date as people there write it, e.g. "sábado, 5 de junio de 2027" (no time zone shift). */
export const formatDate = (date: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/** Money as people there write it, from its ISO value (platform/money.ts). */
export const formatAmount = (value: Money, locale: string) => formatMoney(value, locale);
