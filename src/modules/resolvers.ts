import type { Resolvers } from '../generated/graphql';
import { accountsResolvers } from './accounts/accounts.resolvers';
import { profilesResolvers } from './profiles/profiles.resolvers';
import { systemResolvers } from './system/system.resolvers';

/** Every module's resolvers, one map each; makeExecutableSchema merges them. */
export const resolvers: Resolvers[] = [systemResolvers, accountsResolvers, profilesResolvers];
