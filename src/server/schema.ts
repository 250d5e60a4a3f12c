import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from '../modules/resolvers';
import { projectRoot } from '../platform/project-root';
import { applyAuthorization } from './authorization';
import { checkArguments } from './argument-checks';
import { applyThrottling } from './throttling';
import type { RateLimits } from '../config';

export const schemaDir = () => path.join(projectRoot(), 'schema');

/** The SDL files in schema/, the single source of truth for the API. */
export function loadTypeDefs(): string[] {
  const dir = schemaDir();
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(path.join(dir, file), 'utf8'));
}

export function buildSchema(limits?: RateLimits): GraphQLSchema {
  const schema = makeExecutableSchema({
    typeDefs: loadTypeDefs(),
    resolvers,
    resolverValidationOptions: { requireResolversToMatchSchema: 'error' },
  });
  // Order, outermost first: authorization, then argument checks, then throttling (its counters are keyed
  // by arguments such as the login email, which must be checked before they reach the database).
  const throttled = limits ? applyThrottling(schema, limits) : schema;
  return applyAuthorization(checkArguments(throttled));
}
