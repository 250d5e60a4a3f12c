import type { Resolvers } from '../../generated/graphql';

export const searchResolvers: Resolvers = {
  Query: {
    searchStays: async (_source, { input }, { services, viewer, loaders }) => {
      const results = await services.search.search(viewer, input);
      // The search statement returned whole rows: later field resolvers (Room.property …) hit the cache.
      for (const { node } of results.edges) {
        loaders.propertyById.prime(node.property.id, node.property);
        for (const room of node.rooms) loaders.roomById.prime(room.id, room);
      }
      return results;
    },
  },
};
