import type { Resolvers } from '../../generated/graphql';
import type { Room } from '../catalog/room.entity';

export const searchResolvers: Resolvers = {
  Query: {
    searchStays: (_source, { input }, { services, viewer }) => services.search.search(viewer, input),
  },
  StaySearchResult: {
    property: async (result, _args, { loaders }) => {
      const property = await loaders.propertyById.load(result.propertyId);
      if (!property) throw new Error(`search result for a missing property ${result.propertyId}`);
      return property;
    },
    rooms: async (result, _args, { loaders }) =>
      (await loaders.roomById.loadMany(result.roomIds)).filter((room): room is Room => room !== null && !(room instanceof Error)),
  },
};
