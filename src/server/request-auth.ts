import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { unverifiedExpiry } from '../modules/accounts/access-tokens';
import type { User } from '../modules/accounts/user.entity';
import type { Services } from '../modules/services';
import { AppError } from '../platform/errors';
import type { GraphQLContext } from './context';

/**
 * Resolves `Bearer <token>` to the signed-in user. No header means anonymous; a bad, expired or orphaned
 * token is UNAUTHENTICATED (HTTP 401) so that clients know to refresh rather than silently lose rights.
 * HTTP calls this for every request, and a WebSocket for every operation and every subscription event. The
 * token is verified each time. HTTP takes the account from the viewer cache when it holds it (no SQL; a change
 * reaches it by NOTIFY, milliseconds after the commit); sockets ask for it `fresh`, read from the database each
 * time, because a socket's operations and events promise the account as it is at that moment (a demoted admin's
 * next operation is refused, a deleted account's socket closed) and come at a human rate.
 */
export async function viewerFromAuthorization(header: unknown, services: Services, { fresh = false } = {}): Promise<User | null> {
  const token = bearerToken(header);
  if (token === null) return null;
  try {
    const { userId } = services.accessTokens.verify(token);
    const read = () => services.users.findById(userId);
    const user = await (fresh ? read() : services.viewers.user(userId, read));
    if (!user) throw authError('The account behind this token no longer exists');
    return user;
  } catch (error) {
    if (error instanceof AppError) throw authError(error.message);
    throw error;
  }
}

/**
 * When the token of an authorization that viewerFromAuthorization accepted stops being valid (null for
 * anonymous). Read without verifying again: only to schedule the closing of a socket.
 */
export function authorizationExpiry(header: unknown): Date | null {
  const token = bearerToken(header);
  return token === null ? null : unverifiedExpiry(token);
}

export function isAuthenticationError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && error.extensions['code'] === 'UNAUTHENTICATED';
}

function bearerToken(header: unknown): string | null {
  if (header === undefined || header === null || header === '') return null;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  if (!match?.[1]) throw authError('Authorization must be "Bearer <access token>"');
  return match[1];
}

function authError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/**
 * A caller's mutation may change their own account (becomeHost makes a guest a HOST): their next request must
 * see it on this instance at once, not when the database's change notice comes back through LISTEN. So every
 * mutation drops its caller from this instance's account cache before its answer goes out. Other instances,
 * and changes to other people's accounts, wait for the notice (milliseconds: see "Authentication fast path").
 */
export function forgetCallerAfterMutation(viewer: User | null, operation: string | undefined, services: Services): void {
  if (viewer && operation === 'mutation') services.viewers.invalidate(viewer.id);
}

/** forgetCallerAfterMutation for HTTP operations. */
export const callerForgottenAfterMutation: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, operation }) {
        forgetCallerAfterMutation(contextValue.viewer, operation?.operation, contextValue.services);
      },
    };
  },
};
