import type { ApolloServerPlugin } from '@apollo/server';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  GraphQLError,
  GraphQLIncludeDirective,
  type GraphQLOutputType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  Kind,
  type SelectionNode,
  type SelectionSetNode,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
} from 'graphql';
import type { GraphQLContext } from './context';
import { requestedPageSize } from './page-size';

export interface CostLimits {
  /** The most an operation may cost (GRAPHQL_MAX_COST). */
  maxCost: number;
  /** How many items a list without a `@pageSize` argument counts for (GRAPHQL_DEFAULT_LIST_SIZE). */
  defaultListSize: number;
}

type Variables = Record<string, unknown>;

/**
 * What an operation may cost, with the values its variables actually hold: one point per object the answer
 * may contain. A list counts its `@pageSize` argument (`first`, from a literal or a variable, at most the
 * cap), a connection passes its size on to its `edges`, any other list counts `defaultListSize`, and nested
 * lists multiply. Scalars, `__typename` and introspection cost nothing. Fragments are costed once per
 * (fragment, type, size): a document spreading fragments into each other cannot make this walk explode.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Variables,
  defaultListSize: number,
): number {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fragmentCosts = new Map<string, number>();

  const included = (node: SelectionNode) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.['if'] !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.['if'] !== false;

  const typeNamed = (name: string | undefined, fallback: GraphQLCompositeType): GraphQLCompositeType | undefined => {
    if (!name) return fallback;
    const type = schema.getType(name);
    return type && isCompositeType(type) ? type : undefined;
  };

  const selectionsCost = (set: SelectionSetNode, parent: GraphQLCompositeType, size: number | undefined): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, parent, size);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = typeNamed(selection.typeCondition?.name.value, parent);
        if (type) total += selectionsCost(selection.selectionSet, type, size);
      } else {
        const fragment = fragments.get(selection.name.value);
        const type = fragment && typeNamed(fragment.typeCondition.name.value, parent);
        if (!fragment || !type) continue;
        const key = `${fragment.name.value}|${type.name}|${size ?? ''}`;
        let cost = fragmentCosts.get(key);
        if (cost === undefined) {
          cost = selectionsCost(fragment.selectionSet, type, size);
          fragmentCosts.set(key, cost);
        }
        total += cost;
      }
    }
    return total;
  };

  /** `size` is the page size of the enclosing connection, for its lists (`edges`). */
  const fieldCost = (node: FieldNode, parent: GraphQLCompositeType, size: number | undefined): number => {
    if (node.name.value.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) return 0;
    const field = parent.getFields()[node.name.value];
    if (!field || !node.selectionSet) return 0;
    let requested: number | undefined;
    try {
      requested = requestedPageSize(field, getArgumentValues(field, node, variables));
    } catch {
      // Arguments that cannot be coerced: execution refuses this field before its resolver runs.
      return 0;
    }
    const items = listFactor(field.type, requested ?? size ?? defaultListSize, defaultListSize);
    const type = getNamedType(field.type);
    if (!isCompositeType(type)) return 0;
    // A connection (not itself a list) hands its page size down to its edges.
    const childSize = items === 1 ? requested : undefined;
    return items * (1 + selectionsCost(node.selectionSet, type, childSize));
  };

  return selectionsCost(operation.selectionSet, root, undefined);
}

/** 1 for a single object; the outer list counts `outer`, each list nested in it `inner`. */
function listFactor(type: GraphQLOutputType, outer: number, inner: number): number {
  let factor = 1;
  let current = getNullableType(type);
  let size = outer;
  while (isListType(current)) {
    factor *= size;
    size = inner;
    current = getNullableType(current.ofType);
  }
  return factor;
}

/**
 * The refusal of an operation costlier than the limit, or null. Variables that cannot be coerced are not
 * costed: execution refuses them (BAD_USER_INPUT) before any resolver runs.
 */
export function costRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Variables | null | undefined,
  { maxCost, defaultListSize }: CostLimits,
): GraphQLError | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const { coerced } = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (!coerced) return null;
  const cost = operationCost(schema, document, operationName, coerced, defaultListSize);
  if (cost <= maxCost) return null;
  return new GraphQLError(`Query too costly: it may return ${cost} objects, the limit is ${maxCost}. Ask for fewer items (first) or fewer nested lists.`, {
    extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost },
  });
}

/** The cost check for HTTP, once the operation is known (graphql-ws calls costRefusal in onSubscribe). */
export function queryCostLimit(limits: CostLimits): ApolloServerPlugin<GraphQLContext> {
  // Apollo hands out one parsed document per query text: an operation without variables always costs
  // the same, so its answer is kept with the document.
  const constant = new WeakMap<DocumentNode, Map<string, GraphQLError | null>>();
  const refusalOf = (schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Variables | undefined) => {
    const operation = getOperationAST(document, operationName);
    if (operation?.variableDefinitions?.length) return costRefusal(schema, document, operationName, variables, limits);
    let known = constant.get(document);
    if (!known) constant.set(document, (known = new Map()));
    const key = operationName ?? '';
    if (!known.has(key)) known.set(key, costRefusal(schema, document, operationName, variables, limits));
    return known.get(key) ?? null;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          const refusal = refusalOf(schema, document, operationName, request.variables);
          // A request error, like a validation failure: 400, nothing runs.
          if (refusal) throw new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, http: { status: 400 } } });
        },
      };
    },
  };
}
