import { MapperKind, getDirective, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { Role, User } from '../modules/accounts/user.entity';
import { forbidden, unauthenticated } from '../platform/errors';
import type { GraphQLContext } from './context';

/**
 * All authorization rules of the schema live here, driven by the @auth, @public and @ownerOrAdmin
 * directives in schema/*.graphql. Object-level rules (is this your property?) stay in services.
 */

const ROLE_RANK: Record<Role, number> = { GUEST: 1, HOST: 2, ADMIN: 3 };
const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;

export function hasRole(viewer: User | null, required: Role): viewer is User {
  return viewer !== null && ROLE_RANK[viewer.role] >= ROLE_RANK[required];
}

export function requireRole(viewer: User | null, required: Role): User {
  if (!viewer) throw unauthenticated();
  if (!hasRole(viewer, required)) throw forbidden(`This needs the ${required} role`);
  return viewer;
}

export const isAdmin = (viewer: User | null) => viewer?.role === 'ADMIN';

type Resolver = GraphQLFieldResolver<unknown, GraphQLContext>;

function guarded(resolve: Resolver, required: Role): Resolver {
  return (source, args, context, info) => {
    requireRole(context.viewer, required);
    return resolve(source, args, context, info);
  };
}

/** A subscription is authorized when it starts and again, with the caller as they are now, before each event. */
function guardedSubscription(subscribe: Resolver, required: Role): Resolver {
  return async (source, args, context, info) => {
    requireRole(context.viewer, required);
    const events: unknown = await subscribe(source, args, context, info);
    if (!isAsyncIterator(events)) return events;
    return authorizeEachEvent(events, context, (viewer) => requireRole(viewer, required));
  };
}

/** Returned by an event's `authorize` to pass over that one event and keep the subscription. */
export const SKIP_EVENT = Symbol('skip this event');

/**
 * A subscription's events, each delivered only after `authorize` accepts the caller as reloaded for that
 * event (context.refreshViewer). The first refusal ends the subscription with that error: a socket must not
 * keep receiving what its user may no longer see. An event `authorize` answers SKIP_EVENT for is dropped.
 */
export function authorizeEachEvent<T>(
  events: AsyncIterator<T>,
  context: GraphQLContext,
  authorize: (viewer: User | null, event: T) => unknown,
): AsyncIterableIterator<T> {
  const stop = async (): Promise<IteratorReturnResult<undefined>> => {
    await events.return?.();
    return { done: true, value: undefined };
  };
  return {
    async next() {
      for (;;) {
        const result = await events.next();
        if (result.done) return result;
        let verdict: unknown;
        try {
          verdict = await authorize(await context.refreshViewer(), result.value);
        } catch (error) {
          await stop();
          throw error;
        }
        if (verdict !== SKIP_EVENT) return result;
      }
    },
    // Straight to the source, so that unsubscribing does not wait for the next event.
    return: stop,
    async throw(error?: unknown) {
      await stop();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function isAsyncIterator(value: unknown): value is AsyncIterator<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as AsyncIterator<unknown>).next === 'function';
}

function ownerOrAdmin(resolve: Resolver, ownerField: string): Resolver {
  return (source, args, context, info) => {
    const ownerId = (source as Record<string, unknown>)[ownerField];
    const viewer = context.viewer;
    if (!viewer || (viewer.id !== ownerId && viewer.role !== 'ADMIN')) return null;
    return resolve(source, args, context, info);
  };
}

export function applyAuthorization(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig) => {
      const auth = getDirective(schema, fieldConfig, 'auth')?.[0];
      if (auth) {
        const required = (auth['requires'] ?? 'GUEST') as Role;
        fieldConfig.resolve = guarded(fieldConfig.resolve ?? defaultFieldResolver, required);
        if (fieldConfig.subscribe) fieldConfig.subscribe = guardedSubscription(fieldConfig.subscribe, required);
      }
      const owner = getDirective(schema, fieldConfig, 'ownerOrAdmin')?.[0];
      if (owner) {
        fieldConfig.resolve = ownerOrAdmin(fieldConfig.resolve ?? defaultFieldResolver, String(owner['ownerField'] ?? 'userId'));
      }
      return fieldConfig;
    },
  });
}

/** Root fields that declare neither @auth nor @public: the schema test requires this list to be empty. */
export function rootFieldsWithoutRule(schema: GraphQLSchema): string[] {
  return ROOT_TYPES.flatMap((typeName) => {
    const type = schema.getType(typeName);
    if (!type || !('getFields' in type)) return [];
    return Object.values(type.getFields())
      .filter((field) => !getDirective(schema, field, 'auth')?.length && !getDirective(schema, field, 'public')?.length)
      .map((field) => `${typeName}.${field.name}`);
  });
}
