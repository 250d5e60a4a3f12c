import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  type GraphQLFieldResolver,
  type InputValueDefinitionNode,
  type GraphQLInputType,
  GraphQLID,
  type GraphQLSchema,
  GraphQLString,
  defaultFieldResolver,
  getNullableType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from 'graphql';
import { badInput } from '../platform/errors';
import { isUuid } from '../platform/validation';
import { isPageSize, pageSizeProblem } from './page-size';

/** A UTF-16 surrogate without its partner: JSON can carry it (`"\ud800"`), UTF-8 cannot. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type Path = readonly (string | number)[];
type Check = (value: unknown, path: Path) => void;

/** Names a value like parseInput does: `slug`, `emergencyContact.phone`, `photos.1.url`. */
const fieldName = (path: Path) => path.map(String).join('.') || 'input';

const checkId: Check = (value, path) => {
  if (value != null && !isUuid(String(value))) throw badInput(fieldName(path), `${fieldName(path)} is not a valid id`);
};

/**
 * PostgreSQL text cannot hold U+0000 ("invalid byte sequence"), and a lone surrogate has no UTF-8 form
 * (the driver would silently store U+FFFD instead): both are refused, whatever the field.
 */
const checkText: Check = (value, path) => {
  if (typeof value !== 'string') return;
  if (value.includes('\u0000')) throw badInput(fieldName(path), `${fieldName(path)} must not contain NUL characters (U+0000)`);
  if (LONE_SURROGATE.test(value)) throw badInput(fieldName(path), `${fieldName(path)} is not well-formed Unicode (a lone surrogate)`);
};

/** A `@pageSize` argument or input field: one cap for every list (see page-size.ts). */
const checkPageSize: Check = (value, path) => {
  const problem = pageSizeProblem(value);
  if (problem) throw badInput(fieldName(path), `${fieldName(path)} ${problem}`);
};

/** Both checks, or the one that exists, or null. */
const both = (first: Check | null, second: Check | null): Check | null =>
  first && second ? (value, path) => (first(value, path), second(value, path)) : (first ?? second);

/** The checker of one argument or input field: its type's, plus the page-size cap where it sizes a list. */
const checkerOf = (input: { type: GraphQLInputType; astNode?: InputValueDefinitionNode | null }, enclosing: readonly string[] = []) =>
  both(checkerFor(input.type, enclosing), isPageSize(input) ? checkPageSize : null);

/** Builds a checker for one input type, or null when nothing in it needs checking. */
function checkerFor(type: GraphQLInputType, enclosing: readonly string[] = []): Check | null {
  if (isNonNullType(type)) return checkerFor(type.ofType, enclosing);
  if (isListType(type)) {
    const item = checkerFor(type.ofType, enclosing);
    return item && ((value, path) => Array.isArray(value) && value.forEach((entry, index) => item(entry, [...path, index])));
  }
  if (type === GraphQLID) return checkId;
  if (type === GraphQLString) return checkText;
  // `enclosing` stops recursive input types; a type used twice (MoneyInput) is checked at each use.
  if (isInputObjectType(type) && !enclosing.includes(type.name)) {
    const fields = Object.values(type.getFields())
      .map((field) => [field.name, checkerOf(field, [...enclosing, type.name])] as const)
      .filter((entry): entry is readonly [string, Check] => entry[1] !== null);
    if (fields.length === 0) return null;
    return (value, path) => {
      if (value && typeof value === 'object') for (const [name, check] of fields) check((value as Record<string, unknown>)[name], [...path, name]);
    };
  }
  return null;
}

/**
 * The caller's mistakes that PostgreSQL would otherwise turn into internal errors (a malformed uuid, a NUL
 * byte, a lone surrogate) and page sizes beyond the cap, in any argument, nested input field or list item,
 * from literals or variables:
 * answered BAD_USER_INPUT naming the field, before the resolver (and any SQL) runs. An argument holding an
 * input object is named by the path inside it, like parseInput does (`emergencyContact.phone`).
 */
export function checkArguments(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig) => {
      const checks = Object.entries(fieldConfig.args ?? {}).flatMap(([name, arg]) => {
        const check = checkerOf(arg);
        const path = isInputObjectType(getNullableType(arg.type)) ? [] : [name];
        return check ? [{ name, path, check }] : [];
      });
      if (checks.length === 0) return fieldConfig;
      const guard =
        (inner: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> =>
        (source, args, context, info) => {
          for (const { name, path, check } of checks) check(args[name], path);
          return inner(source, args, context, info);
        };
      fieldConfig.resolve = guard(fieldConfig.resolve ?? defaultFieldResolver);
      if (fieldConfig.subscribe) fieldConfig.subscribe = guard(fieldConfig.subscribe);
      return fieldConfig;
    },
  });
}
