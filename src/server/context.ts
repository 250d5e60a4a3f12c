import type { Logger } from '../platform/logger';
import type { User } from '../modules/accounts/user.entity';
import type { Loaders } from '../modules/loaders';
import type { Services } from '../modules/services';

/** What every resolver receives: who is calling, the services, and this request's dataloaders. */
export interface GraphQLContext {
  requestId: string;
  /**
   * The signed-in user, reloaded for each request (over WebSocket: each operation, and again before each
   * subscription event by refreshViewer), so a role change or a deleted account applies at once.
   */
  viewer: User | null;
  /** The caller's address, for per-address limits. */
  ip: string;
  services: Services;
  loaders: Loaders;
  log: Logger;
  /**
   * Reloads the caller (and starts fresh dataloaders) so that a long-lived subscription resolves each event
   * with the account as it is now; UNAUTHENTICATED, and the socket closed, when the token expired or the
   * account is gone. Over HTTP the request's viewer is already current.
   */
  refreshViewer(): Promise<User | null>;
}
