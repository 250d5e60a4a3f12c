import type { Resolvers } from '../../generated/graphql';
import { authorizeEachEvent, requireRole, SKIP_EVENT } from '../../server/authorization';
import type { AvailabilityChange } from './availability-events';

export const availabilityResolvers: Resolvers = {
  Query: {
    availability: (_source, { propertyId, roomId, roomType, from, to }, { services, viewer }) =>
      services.availability.forProperty(viewer, { propertyId, roomId, roomType, from, to }),
    roomTypeAvailability: (_source, { propertyId, roomType, from, to }, { services, viewer }) =>
      services.availability.forRoomTypes(viewer, { propertyId, roomType, from, to }),
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
      subscribe: async (_source, { propertyId, roomId }, context) => {
        const { services } = context;
        const followed = await services.availability.follow(context.viewer, { propertyId, roomId });
        // A property can be hidden while followed (deactivated, its host unverified): each event checks again.
        return authorizeEachEvent(services.availabilityEvents.subscribe(followed), context, async (viewer, change: AvailabilityChange) =>
          (await services.availability.mayReceive(viewer, followed, change)) ? undefined : SKIP_EVENT,
        );
      },
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
