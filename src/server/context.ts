import type { Logger } from '../platform/logger';
import type { User } from '../modules/accounts/user.entity';
import type { Loaders } from '../modules/loaders';
import type { Services } from '../modules/services';

/** What every resolver receives: who is calling, the services, and this request's dataloaders. */
export interface GraphQLContext {
  requestId: string;
  /** The signed-in user, reloaded for each request (or socket), so a role change applies at once. */
  viewer: User | null;
  /** The caller's address, for per-address limits. */
  ip: string;
  services: Services;
  loaders: Loaders;
  log: Logger;
}
