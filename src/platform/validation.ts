import { z } from 'zod';
import { badInput } from './errors';
import { isCurrencyCode } from './money';

/**
 * Parses input with a zod schema; the first problem becomes BAD_USER_INPUT naming the field
 * (a dotted path inside the input, e.g. `emergencyContact.phone`).
 */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'input';
  throw badInput(field, `${field}: ${issue?.message ?? 'invalid value'}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id in the API (and the subject of every access token) is a UUID. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** Shared field rules, so that the same field is validated the same way everywhere. */
export const fields = {
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email('must be a valid email address').max(254)),
  password: z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters'),
  personName: z.string().trim().min(1, 'must not be empty').max(200),
  phone: z
    .string()
    .trim()
    .transform((value) => value.replace(/[\s().-]/g, ''))
    .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an international number such as +34600111222')),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case letters, digits and single dashes').min(3).max(60)),
  countryCode: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as ES')),
  currencyCode: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR').refine(isCurrencyCode, 'must be an active ISO 4217 currency such as EUR')),
  languageCode: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.string().regex(/^[a-z]{2}(-[a-z]{2})?$/, 'must be a language code such as en or pt-br')),
  shortText: z.string().trim().max(500),
  longText: z.string().trim().max(4000),
};

/** GraphQL inputs may send null for any optional field; the zod schema decides what null means. */
export type GraphQLInput<T> = { [K in keyof T]?: T[K] | null };
