import { badInput } from '../errors';

/** A client's BCP 47 tag in its canonical form (`es-pe` → `es-PE`), English when none is given. */
export function displayLocale(tag: string | null | undefined, field = 'locale'): string {
  if (tag === null || tag === undefined) return 'en';
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical) return canonical;
  } catch {
    // RangeError: not a well-formed tag.
  }
  throw badInput(field, `"${tag}" is not a BCP 47 locale such as en-US or es-ES`);
}
