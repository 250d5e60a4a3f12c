import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { translateDatabaseError } from '../db/constraint-errors';
import { AppError } from '../platform/errors';
import type { Logger } from '../platform/logger';

export interface ErrorFormatOptions {
  /** Development shows the real message of unexpected errors; production never does. */
  exposeInternals: boolean;
  /** Strip graphql-js's "Did you mean …?" from validation messages (production). */
  hideSuggestions?: boolean;
  log: Logger;
}

/** Codes that graphql-js and Apollo attach to malformed requests: passed through unchanged. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  // Refusals before execution, with their figures in extensions (query-cost.ts, subscription-slots.ts).
  'QUERY_TOO_COSTLY',
  'TOO_MANY_SUBSCRIPTIONS',
]);

function fromAppError(formatted: GraphQLFormattedError, error: AppError): GraphQLFormattedError {
  return { ...formatted, message: error.message, extensions: { ...error.extensions, code: error.code } };
}

/** The same rewrite as Apollo's disableSuggestions plugin, applied here so WebSocket errors get it too. */
const withoutSuggestions = (message: string) => message.replace(/ ?Did you mean(.+?)\?$/, '');

/**
 * One error policy for HTTP and WebSocket: domain errors keep their code, constraint violations become
 * CONFLICT, and anything unexpected is logged in full and answered as INTERNAL_SERVER_ERROR without
 * stack traces or SQL.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, options: ErrorFormatOptions): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return fromAppError(formatted, original);
  const translated = translateDatabaseError(original);
  if (translated) return fromAppError(formatted, translated);

  const code = formatted.extensions?.['code'];
  if (original instanceof GraphQLError && typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    const message = options.hideSuggestions ? withoutSuggestions(formatted.message) : formatted.message;
    return { ...formatted, message, extensions };
  }

  options.log.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
  return {
    message: options.exposeInternals && original instanceof Error ? original.message : 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
