import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { RateLimits } from '../config';
import type { GraphQLContext } from './context';

/**
 * Mutation throttling by who is calling: anonymous callers per address, users per account, looser for
 * loyal customers (the customer hierarchy: REGULAR, SUPER) and for hosts and admins. Login and register
 * have their own brute-force limits per address and per account. Counters live in PostgreSQL
 * (RateLimiter), so every instance shares them.
 */
const MULTIPLIER = { ANONYMOUS: 0.5, NEW: 1, REGULAR: 2, SUPER: 4, HOST: 5, ADMIN: 20 } as const;
const MINUTE = 60;
const QUARTER_HOUR = 15 * 60;
const HOUR = 60 * 60;

async function mutationAllowance(context: GraphQLContext, limits: RateLimits): Promise<{ key: string; max: number }> {
  const { viewer, loaders, ip } = context;
  if (!viewer) return { key: `mutations:ip:${ip}`, max: Math.max(1, Math.floor(limits.mutationsPerMinute * MULTIPLIER.ANONYMOUS)) };
  const tier =
    viewer.role === 'ADMIN' || viewer.role === 'HOST' ? viewer.role : ((await loaders.customerStatsByUserId.load(viewer.id))?.tier ?? 'NEW');
  return { key: `mutations:user:${viewer.id}`, max: Math.round(limits.mutationsPerMinute * MULTIPLIER[tier]) };
}

type Resolver = GraphQLFieldResolver<unknown, GraphQLContext>;

function throttled(resolve: Resolver, field: string, limits: RateLimits): Resolver {
  return async (source, args, context, info) => {
    const limiter = context.services.limiter;
    const allowance = await mutationAllowance(context, limits);
    await limiter.hit(allowance.key, { max: allowance.max, windowSeconds: MINUTE });
    if (field === 'login') {
      await limiter.hit(`login:ip:${context.ip}`, { max: limits.loginPerIp, windowSeconds: QUARTER_HOUR });
      const email = String((args as { email?: unknown }).email ?? '').trim().toLowerCase();
      await limiter.hit(`login:account:${email}`, { max: limits.loginPerAccount, windowSeconds: QUARTER_HOUR });
    }
    if (field === 'register') await limiter.hit(`register:ip:${context.ip}`, { max: limits.registerPerIp, windowSeconds: HOUR });
    return resolve(source, args, context, info);
  };
}

export function applyThrottling(schema: GraphQLSchema, limits: RateLimits): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.MUTATION_ROOT_FIELD]: (fieldConfig, fieldName) => {
      fieldConfig.resolve = throttled(fieldConfig.resolve ?? defaultFieldResolver, fieldName, limits);
      return fieldConfig;
    },
  });
}
