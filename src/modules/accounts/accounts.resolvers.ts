import type { Resolvers } from '../../generated/graphql';
import { requireRole } from '../../server/authorization';

/** Thin: the schema's directives authorize, services decide, loaders batch. */
export const accountsResolvers: Resolvers = {
  Query: {
    me: (_source, _args, { viewer }) => viewer,
    users: (_source, { filter, first, after }, { services }) => services.users.search(filter, { first, after }),
    user: (_source, { id }, { loaders }) => loaders.userById.load(id),
  },
  Mutation: {
    register: (_source, { input }, { services }) => services.auth.register(input),
    login: (_source, { email, password }, { services, ip }) => services.auth.login(email, password, ip),
    refreshToken: (_source, { refreshToken }, { services }) => services.auth.refresh(refreshToken),
    logout: (_source, { refreshToken }, { services }) => services.auth.logout(refreshToken),
    updateMyAccount: (_source, { input }, { services, viewer }) =>
      services.users.updateAccount(requireRole(viewer, 'GUEST').id, input),
  },
  User: {
    guestProfile: (user, _args, { loaders }) => loaders.guestProfileByUserId.load(user.id),
    hostProfile: (user, _args, { loaders }) => loaders.hostProfileByUserId.load(user.id),
    customerStats: (user, _args, { loaders }) => loaders.customerStatsByUserId.load(user.id),
  },
};
