import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  GraphQLInt,
  type GraphQLSchema,
  type InputValueDefinitionNode,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
} from 'graphql';
import { MAX_PAGE_SIZE } from '../db/pagination';

/**
 * `@pageSize` (schema/common.graphql) marks every argument or input field that says how many items a list
 * or connection returns. One definition, two uses: the argument checks refuse a size outside
 * 1..MAX_PAGE_SIZE before the resolver runs, and the query cost multiplies by it.
 */
type Sizable = { astNode?: InputValueDefinitionNode | null };

export const isPageSize = (argument: Sizable): boolean =>
  argument.astNode?.directives?.some((directive) => directive.name.value === 'pageSize') ?? false;

/**
 * The page size that a field's (coerced) arguments ask for: a `@pageSize` argument, or a `@pageSize`
 * field of an input-object argument (`searchStays(input: { first })`). Undefined when the field has none.
 */
export function requestedPageSize(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | undefined {
  for (const argument of field.args) {
    if (isPageSize(argument)) return sizeOf(args[argument.name], argument);
    const type = getNullableType(argument.type);
    if (!isInputObjectType(type)) continue;
    const sized = Object.values(type.getFields()).find(isPageSize);
    const input = args[argument.name];
    if (sized) return sizeOf(input && typeof input === 'object' ? (input as Record<string, unknown>)[sized.name] : undefined, sized);
  }
  return undefined;
}

/**
 * A size beyond the cap never runs (the argument check refuses it), so it costs at most the cap; an
 * explicit null falls back on the argument's default (the resolvers do the same), or the cap.
 */
function sizeOf(value: unknown, argument: Pick<GraphQLArgument, 'defaultValue'>): number {
  const size = typeof value === 'number' ? value : typeof argument.defaultValue === 'number' ? argument.defaultValue : MAX_PAGE_SIZE;
  return Math.min(Math.max(Math.trunc(size), 0), MAX_PAGE_SIZE);
}

/** The check the argument transform runs for every `@pageSize` value, literal or variable. */
export function pageSizeProblem(value: unknown): string | null {
  if (value == null) return null;
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_PAGE_SIZE ? null : `must be between 1 and ${MAX_PAGE_SIZE}`;
}

/** Argument names that size a list, whatever the field returns. */
const SIZE_NAME = /^(first|last|limit|take|top|count|size|pageSize|perPage|max(Results|Items)?)$/i;

const returnsList = (field: GraphQLField<unknown, unknown>) =>
  isListType(getNullableType(field.type)) || getNamedType(field.type).name.endsWith('Connection');

/**
 * Arguments (and input fields) that size a list but carry no `@pageSize`, as `Type.field(argument)` or
 * `Type.field(argument.inputField)`: an Int named like a size anywhere, or any Int argument of a field that
 * returns a list or a connection. The schema test requires this list to be empty.
 */
export function listSizeArgumentsWithoutCap(schema: GraphQLSchema): string[] {
  const found: string[] = [];
  const isInt = (type: GraphQLInputType) => getNullableType(type) === GraphQLInt;
  const walkInput = (type: GraphQLInputType, path: string, enclosing: readonly string[]) => {
    const named = getNamedType(type);
    if (!isInputObjectType(named) || enclosing.includes(named.name)) return;
    for (const inputField of Object.values(named.getFields())) {
      const inner = `${path}.${inputField.name}`;
      if (isInt(inputField.type) && SIZE_NAME.test(inputField.name) && !isPageSize(inputField)) found.push(`${inner})`);
      walkInput(inputField.type, inner, [...enclosing, named.name]);
    }
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      for (const argument of field.args) {
        const path = `${type.name}.${field.name}(${argument.name}`;
        if (isInt(argument.type) && (SIZE_NAME.test(argument.name) || returnsList(field)) && !isPageSize(argument)) found.push(`${path})`);
        walkInput(argument.type, path, []);
      }
    }
  }
  return found;
}
