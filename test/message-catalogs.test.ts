import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { catalogGaps, readCatalogs } from '../src/platform/i18n/catalogs';
import { chooseLanguage, supportedLanguages, translatorFor } from '../src/platform/i18n/translator';

/** AST node types of intl-messageformat's parser that name a placeholder: argument, number, date, time, select, plural. */
const NAMED_NODE_TYPES = new Set([1, 2, 3, 4, 5, 6]);

interface MessageNode { type: number; value?: unknown; options?: Record<string, { value: MessageNode[] }>; children?: MessageNode[] }

/** The placeholder names a message uses, found in its parsed form (plural and select branches included). */
function placeholders(message: string, locale: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: MessageNode[]) => {
    for (const node of nodes) {
      if (NAMED_NODE_TYPES.has(node.type) && typeof node.value === 'string') names.add(node.value);
      for (const option of Object.values(node.options ?? {})) walk(option.value);
      if (node.children) walk(node.children);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst() as MessageNode[]);
  return [...names].sort();
}

describe('message catalogs', () => {
  const catalogs = readCatalogs();
  const english = catalogs.get('en')!;

  it('has English and Spanish, both complete', () => {
    expect([...catalogs.keys()]).toEqual(expect.arrayContaining(['en', 'es']));
    expect(supportedLanguages()).toEqual(expect.arrayContaining(['en', 'es']));
  });

  it.each([...catalogs.keys()].filter((language) => language !== 'en'))('%s has every English message, no stale ones, and the same placeholders', (language) => {
    const catalog = catalogs.get(language)!;
    expect(catalogGaps(catalog, english)).toEqual({ missing: [], extra: [] });
    for (const [key, message] of Object.entries(english)) {
      expect({ key, placeholders: placeholders(catalog[key]!, language) }).toEqual({ key, placeholders: placeholders(message, 'en') });
    }
  });

  it('does not offer a language whose catalog lacks a message', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'catalogs-'));
    writeFileSync(path.join(folder, 'en.json'), JSON.stringify({ a: 'A', b: 'B {x}' }));
    writeFileSync(path.join(folder, 'fr.json'), JSON.stringify({ a: 'A' }));
    const read = readCatalogs(folder);
    expect(catalogGaps(read.get('fr')!, read.get('en')!)).toEqual({ missing: ['b'], extra: [] });
  });

  it('chooses the first supported language, else English', () => {
    expect(chooseLanguage('es', 'en')).toBe('es');
    expect(chooseLanguage('fr', 'es-PE')).toBe('es');
    expect(chooseLanguage(null, undefined, 'ES')).toBe('es');
    expect(chooseLanguage('fr', 'zz')).toBe('en');
  });

  it('writes a message, its plural, dates, times and money in one locale', () => {
    const spanishInPeru = translatorFor('es', 'PE');
    expect(spanishInPeru.t('stay.nights', { count: 1 })).toBe('1 noche');
    expect(spanishInPeru.t('stay.nights', { count: 3 })).toBe('3 noches');
    expect(spanishInPeru.date('2027-06-05')).toBe('sábado, 5 de junio de 2027');
    expect(spanishInPeru.money({ amount: 74_580, currency: 'PEN' })).toBe('S/\u00a0745.80');
    const spanishInSpain = translatorFor('es', 'ES');
    expect(spanishInSpain.money({ amount: 74_580, currency: 'EUR' })).toBe('745,80\u00a0€');
    expect(spanishInSpain.time('15:00:00')).toBe('15:00');
    const englishInSpain = translatorFor('en', 'ES');
    expect(englishInSpain.money({ amount: 74_580, currency: 'EUR' })).toBe('€745.80');
    expect(englishInSpain.date('2027-06-05')).toBe('Saturday, 5 June 2027');
    expect(translatorFor('en', 'US').time('15:00')).toMatch(/^3:00\sPM$/);
    expect(() => spanishInSpain.t('no.such.message')).toThrow(/no message/);
  });
});
