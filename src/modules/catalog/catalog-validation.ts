import { isSupportedLanguage, supportedLanguages } from '../../platform/i18n/translator';
import { z } from 'zod';
import { isTimeZone } from '../../platform/calendar-dates';
import { MAX_PRICE_AMOUNT } from '../../platform/money';
import { fields } from '../../platform/validation';

/** Field rules shared by property and room inputs. */

export const amenityList = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .transform((value) => value.replace(/[\s-]+/g, '_'))
      .pipe(z.string().regex(/^[a-z0-9_]{2,40}$/, 'amenities are short words such as wifi or sea_view')),
  )
  .max(60)
  .transform((values) => [...new Set(values)].sort());

export const localTime = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM');

export const timeZone = z.string().trim().refine(isTimeZone, 'must be an IANA time zone such as Europe/Madrid');

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }));

export const photoList = z
  .array(z.object({ url: httpUrl, altText: z.string().trim().min(1, 'describe the photo').max(300), position: z.number().int().min(0).nullish() }))
  .max(50)
  .transform((photos) =>
    photos
      .map((photo, index) => ({ url: photo.url, altText: photo.altText, position: photo.position ?? index }))
      .sort((a, b) => a.position - b.position),
  );

export const address = z.object({
  line1: z.string().trim().min(1, 'must not be empty').max(200),
  line2: z.string().trim().max(200).nullish(),
  city: z.string().trim().min(1, 'must not be empty').max(100),
  region: z.string().trim().max(100).nullish(),
  country: fields.countryCode,
  postalCode: z.string().trim().max(20).nullish(),
});

export const geoPoint = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});

export const propertyKind = z.enum(['HOUSE', 'HOTEL', 'HOMESTAY', 'RESORT', 'APARTMENT']);
export const cancellationPolicy = z.enum(['FLEXIBLE', 'MODERATE', 'STRICT']);
export const paymentCollection = z.enum(['ONLINE', 'AT_PROPERTY']);

export const roomType = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .transform((value) => value.replace(/[\s-]+/g, '_'))
    .pipe(z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'use capital letters, digits and underscores, e.g. DOUBLE')),
  label: z.string().trim().min(1, 'must not be empty').max(80),
});

export const moneyInput = z.object({
  amount: z
    .number()
    .int('must be whole minor units (cents)')
    .min(0, 'must not be negative')
    .max(MAX_PRICE_AMOUNT, `must be at most ${MAX_PRICE_AMOUNT} minor units`),
  currency: fields.currencyCode,
});

/** A language with a complete message catalog (src/locales): emails and documents can be written in it. */
export const messageLanguage = z
  .string()
  .trim()
  .toLowerCase()
  .refine(isSupportedLanguage, { error: () => `must be one of the supported languages: ${supportedLanguages().join(', ')}` });
