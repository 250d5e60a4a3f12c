/**
 * The language most guests and hosts of a country read (ISO 3166 alpha-2 → ISO 639-1): a property's
 * default language when its host has not chosen one. Countries missing here default to English.
 */
const LANGUAGE_BY_COUNTRY: Readonly<Record<string, string>> = {
  // Spanish: Spain and the Spanish-speaking Americas.
  ES: 'es', MX: 'es', GT: 'es', HN: 'es', SV: 'es', NI: 'es', CR: 'es', PA: 'es', CU: 'es', DO: 'es', PR: 'es',
  CO: 'es', VE: 'es', EC: 'es', PE: 'es', BO: 'es', CL: 'es', AR: 'es', UY: 'es', PY: 'es', GQ: 'es',
  PT: 'pt', BR: 'pt', AO: 'pt', MZ: 'pt',
  FR: 'fr', BE: 'fr', LU: 'fr', MC: 'fr', SN: 'fr', CI: 'fr',
  DE: 'de', AT: 'de', CH: 'de', LI: 'de',
  IT: 'it', SM: 'it', NL: 'nl', GR: 'el', ID: 'id', JP: 'ja', KR: 'ko', CN: 'zh', TW: 'zh',
};

export const languageOfCountry = (country: string): string => LANGUAGE_BY_COUNTRY[country.toUpperCase()] ?? 'en';
