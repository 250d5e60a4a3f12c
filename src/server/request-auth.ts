import { GraphQLError } from 'graphql';
import type { User } from '../modules/accounts/user.entity';
import type { Services } from '../modules/services';
import { AppError } from '../platform/errors';

/**
 * Resolves `Bearer <token>` to the signed-in user. No header means anonymous; a bad, expired or orphaned
 * token is UNAUTHENTICATED (HTTP 401) so that clients know to refresh rather than silently lose rights.
 */
export async function viewerFromAuthorization(header: unknown, services: Services): Promise<User | null> {
  if (header === undefined || header === null || header === '') return null;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  if (!match?.[1]) throw authError('Authorization must be "Bearer <access token>"');
  try {
    const claims = await services.accessTokens.verify(match[1]);
    const user = await services.users.findById(claims.userId);
    if (!user) throw authError('The account behind this token no longer exists');
    return user;
  } catch (error) {
    if (error instanceof AppError) throw authError(error.message);
    throw error;
  }
}

function authError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
