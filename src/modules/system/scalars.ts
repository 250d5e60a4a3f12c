import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DateTimeISOResolver, LocalDateResolver, SafeIntResolver } from 'graphql-scalars';
import { isCalendarDate } from '../../platform/calendar-dates';

const shown = (value: unknown) => (JSON.stringify(value) ?? String(value)).slice(0, 40);

function literal(ast: ValueNode, parse: (value: unknown) => unknown) {
  if (ast.kind !== Kind.STRING) throw new GraphQLError(`Expected a string, got a ${ast.kind}`, { nodes: ast });
  return parse(ast.value);
}

/**
 * `Date` is a calendar date, YYYY-MM-DD, kept as a string: a real one (no 2025-02-30) in the years
 * PostgreSQL and the format share, 0001 to 9999 (PostgreSQL has no year 0000).
 */
function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDate(value)) {
    throw new GraphQLError(`Date must be a real date YYYY-MM-DD from 0001-01-01 to 9999-12-31, got ${shown(value)}`);
  }
  return value;
}

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: LocalDateResolver.serialize,
  parseValue: parseDate,
  parseLiteral: (ast) => literal(ast, parseDate),
});

/** `DateTime` is an instant in UTC (ISO-8601), in the years 0001 to 9999 like Date. */
function inRange(instant: unknown, input: unknown): Date {
  const year = (instant as Date).getUTCFullYear();
  if (year < 1 || year > 9999) throw new GraphQLError(`DateTime must be in the years 0001 to 9999, got ${shown(input)}`);
  return instant as Date;
}

const dateTime = DateTimeISOResolver.toConfig();
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: dateTime.serialize,
  parseValue: (value) => inRange(dateTime.parseValue?.(value), value),
  parseLiteral: (ast) => inRange(dateTime.parseLiteral?.(ast, undefined), ast.kind === Kind.STRING ? ast.value : ast.kind),
});

/** Money amounts: integers JSON numbers carry exactly (up to 2^53 − 1); described in the SDL, not here. */
export const SafeIntScalar = new GraphQLScalarType({ ...SafeIntResolver.toConfig(), description: undefined });
