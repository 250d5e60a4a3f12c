import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { ValidationRule } from 'graphql';
import type { Config } from '../config';

/** Validation rules that stop one request from pinning the server; shared by HTTP and WebSocket. */
export function limitRules({ maxDepth, maxAliases, maxCost }: Config['graphqlLimits']): ValidationRule[] {
  return [
    maxDepthRule({ n: maxDepth, ignoreIntrospection: true, flattenFragments: true }),
    maxAliasesRule({ n: maxAliases }),
    costLimitRule({ maxCost, ignoreIntrospection: true }),
  ] as ValidationRule[];
}
