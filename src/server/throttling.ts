import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { RateLimits } from '../config';
import { limitedAddress } from '../platform/rate-limit/limited-address';
import type { GraphQLContext } from './context';

/**
 * Mutation throttling by who is calling: anonymous callers per address, users per account, looser for
 * loyal customers (the customer hierarchy: REGULAR, SUPER) and for hosts and admins. Registration has its
 * own limit per address; failed sign-ins are the login guard's (src/modules/accounts/login-guard.ts).
 * Query operations are limited too: anonymous callers per address, signed-in users per account (looser,
 * or not at all). IPv6 callers count by their /64 (limitedAddress). Counters are shared by every instance
 * (RateLimiter: PostgreSQL, or Redis).
 */
const MULTIPLIER = { ANONYMOUS: 0.5, NEW: 1, REGULAR: 2, SUPER: 4, HOST: 5, ADMIN: 20 } as const;
const MINUTE = 60;
const HOUR = 60 * 60;

async function mutationAllowance(context: GraphQLContext, limits: RateLimits): Promise<{ key: string; max: number }> {
  const { viewer, loaders, ip } = context;
  if (!viewer) return { key: `mutations:ip:${limitedAddress(ip)}`, max: Math.max(1, Math.floor(limits.mutationsPerMinute * MULTIPLIER.ANONYMOUS)) };
  const tier =
    viewer.role === 'ADMIN' || viewer.role === 'HOST'
      ? viewer.role
      : await context.services.viewers.tier(viewer.id, async () => (await loaders.customerStatsByUserId.load(viewer.id))?.tier ?? 'NEW');
  return { key: `mutations:user:${viewer.id}`, max: Math.round(limits.mutationsPerMinute * MULTIPLIER[tier]) };
}

type Resolver = GraphQLFieldResolver<unknown, GraphQLContext>;

function throttled(resolve: Resolver, field: string, limits: RateLimits): Resolver {
  return async (source, args, context, info) => {
    const limiter = context.services.limiter;
    const allowance = await mutationAllowance(context, limits);
    await limiter.hit(allowance.key, { max: allowance.max, windowSeconds: MINUTE });
    if (field === 'register') await limiter.hit(`register:ip:${limitedAddress(context.ip)}`, { max: limits.registerPerIp, windowSeconds: HOUR });
    return resolve(source, args, context, info);
  };
}

/** One hit per operation, however many root fields it asks for: the first field's check answers them all. */
const operationChecks = new WeakMap<GraphQLContext, Promise<void>>();

function queryCheck(context: GraphQLContext, limits: RateLimits): Promise<void> {
  const { viewer, ip, services } = context;
  if (viewer && limits.userQueriesPerMinute === 0) return Promise.resolve();
  const [key, max] = viewer ? [`queries:user:${viewer.id}`, limits.userQueriesPerMinute] : [`queries:ip:${limitedAddress(ip)}`, limits.anonymousQueriesPerMinute];
  return services.limiter.hit(key, { max, windowSeconds: MINUTE });
}

function queryThrottled(resolve: Resolver, limits: RateLimits): Resolver {
  return async (source, args, context, info) => {
    let check = operationChecks.get(context);
    if (!check) {
      check = queryCheck(context, limits);
      operationChecks.set(context, check);
    }
    await check;
    return resolve(source, args, context, info);
  };
}

export function applyThrottling(schema: GraphQLSchema, limits: RateLimits): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.MUTATION_ROOT_FIELD]: (fieldConfig, fieldName) => {
      fieldConfig.resolve = throttled(fieldConfig.resolve ?? defaultFieldResolver, fieldName, limits);
      return fieldConfig;
    },
    [MapperKind.QUERY_ROOT_FIELD]: (fieldConfig) => {
      fieldConfig.resolve = queryThrottled(fieldConfig.resolve ?? defaultFieldResolver, limits);
      return fieldConfig;
    },
  });
}
