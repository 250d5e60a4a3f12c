/**
 * A person's name reduced for comparison: "  josé  GARCÍA " and "Jose Garcia" give the same key. Case,
 * accents (any combining mark) and runs of spaces are what people type differently for one name.
 */
export function comparableName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
