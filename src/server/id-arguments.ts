import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  type GraphQLFieldResolver,
  type GraphQLInputType,
  GraphQLID,
  type GraphQLSchema,
  defaultFieldResolver,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from 'graphql';
import { badInput } from '../platform/errors';

/** Every id in the API is a UUID. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Check = (value: unknown) => void;

/** Builds a checker for one argument type, or null when it holds no ID anywhere. */
function checkerFor(type: GraphQLInputType, name: string, seen = new Set<string>()): Check | null {
  if (isNonNullType(type)) return checkerFor(type.ofType, name, seen);
  if (isListType(type)) {
    const item = checkerFor(type.ofType, name, seen);
    return item && ((value) => Array.isArray(value) && value.forEach(item));
  }
  if (getNamedType(type) === GraphQLID) {
    return (value) => {
      if (value != null && !UUID.test(String(value))) throw badInput(name, `${name} is not a valid id`);
    };
  }
  if (isInputObjectType(type) && !seen.has(type.name)) {
    seen.add(type.name);
    const fields = Object.values(type.getFields())
      .map((field) => [field.name, checkerFor(field.type, field.name, seen)] as const)
      .filter((entry): entry is readonly [string, Check] => entry[1] !== null);
    if (fields.length === 0) return null;
    return (value) => {
      if (value && typeof value === 'object') for (const [field, check] of fields) check((value as Record<string, unknown>)[field]);
    };
  }
  return null;
}

/**
 * Malformed ids are the caller's mistake: answer BAD_USER_INPUT naming the argument, before any SQL
 * (PostgreSQL would reject the text as a uuid, which would otherwise surface as an internal error).
 */
export function validateIdArguments(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig) => {
      const checks = Object.entries(fieldConfig.args ?? {})
        .map(([name, arg]) => [name, checkerFor(arg.type, name)] as const)
        .filter((entry): entry is readonly [string, Check] => entry[1] !== null);
      if (checks.length === 0) return fieldConfig;
      const guard =
        (inner: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> =>
        (source, args, context, info) => {
          for (const [name, check] of checks) check(args[name]);
          return inner(source, args, context, info);
        };
      fieldConfig.resolve = guard(fieldConfig.resolve ?? defaultFieldResolver);
      if (fieldConfig.subscribe) fieldConfig.subscribe = guard(fieldConfig.subscribe);
      return fieldConfig;
    },
  });
}
