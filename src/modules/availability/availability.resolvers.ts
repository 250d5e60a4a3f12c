import type { Resolvers } from '../../generated/graphql';
import { requireRole } from '../../server/authorization';
import type { AvailabilityChange } from './availability-events';

export const availabilityResolvers: Resolvers = {
  Query: {
    availability: (_source, { propertyId, roomId, from, to }, { services, viewer }) =>
      services.availability.forProperty(viewer, { propertyId, roomId, from, to }),
    roomBlocks: (_source, { roomId, includeRemoved }, { services, viewer }) =>
      services.blocks.list(requireRole(viewer, 'HOST'), roomId, includeRemoved ?? false),
  },
  Mutation: {
    blockDates: (_source, { roomId, from, to, reason }, { services, viewer }) =>
      services.blocks.block(requireRole(viewer, 'HOST'), roomId, from, to, reason),
    unblockDates: (_source, { blockId }, { services, viewer }) => services.blocks.unblock(requireRole(viewer, 'HOST'), blockId),
  },
  Subscription: {
    availabilityChanged: {
      subscribe: (_source, { propertyId, roomId }, { services }) => services.availabilityEvents.subscribe({ propertyId, roomId }),
      resolve: (change: AvailabilityChange) => change,
    },
  },
  RoomBlock: {
    from: (block) => block.startsOn,
    to: (block) => block.endsOn,
    room: async (block, _args, { loaders }) => {
      const room = await loaders.roomById.load(block.roomId);
      if (!room) throw new Error(`block ${block.id} has no room`);
      return room;
    },
  },
};
