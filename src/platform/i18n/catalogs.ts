import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../project-root';

/**
 * Message catalogs: one JSON file per language in src/locales (`en.json`, `es.json`, …), each a flat map
 * from a message key to an ICU MessageFormat string. English is the reference: a translator adds a
 * language by copying en.json and translating every value; a catalog that lacks any English key is not
 * offered at all, because a message is sent in one language as a whole, never half translated.
 */
export type Catalog = Readonly<Record<string, string>>;

export const REFERENCE_LANGUAGE = 'en';

export const catalogsFolder = (root = projectRoot()) => path.join(root, 'src', 'locales');

export function readCatalogs(folder = catalogsFolder()): Map<string, Catalog> {
  const catalogs = new Map<string, Catalog>();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.json')).sort()) {
    catalogs.set(path.basename(file, '.json'), JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Catalog);
  }
  return catalogs;
}

/** English keys a catalog lacks, and keys it has that English does not (stale translations). */
export function catalogGaps(catalog: Catalog, reference: Catalog): { missing: string[]; extra: string[] } {
  return {
    missing: Object.keys(reference).filter((key) => !Object.hasOwn(catalog, key)),
    extra: Object.keys(catalog).filter((key) => !Object.hasOwn(reference, key)),
  };
}
