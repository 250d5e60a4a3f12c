import { chooseLanguage, isSupportedLanguage } from '../../platform/i18n/translator';
import { languageOfCountry } from '../../platform/i18n/country-language';
import type { Property } from './property.entity';

/**
 * The language a property speaks (Property.language): the one its host chose, else its country's when a
 * complete catalog exists for it, else English. Host emails, the digest and guests without a preference use it.
 */
export const propertyLanguage = (property: Pick<Property, 'language' | 'country'>): string =>
  isSupportedLanguage(property.language) ? property.language : chooseLanguage(languageOfCountry(property.country));
