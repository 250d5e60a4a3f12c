import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import type { Config } from '../config';

/**
 * The rules throw by default, which Apollo reports as an internal error; reporting through the validation
 * context makes them ordinary GRAPHQL_VALIDATION_FAILED errors (the "Syntax Error: " prefix is dropped).
 */
const report = {
  propagateOnRejection: false,
  exposeLimits: true,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
  ],
};

/**
 * Validation rules that stop one request from pinning the server; shared by HTTP and WebSocket. The cost
 * is not among them: it depends on the variables, which validation never sees (see query-cost.ts).
 */
export function limitRules({ maxDepth, maxAliases }: Config['graphqlLimits']): ValidationRule[] {
  return [
    maxDepthRule({ n: maxDepth, ignoreIntrospection: true, flattenFragments: true, ...report }),
    maxAliasesRule({ n: maxAliases, ...report }),
  ] as ValidationRule[];
}
