import type { Resolvers } from '../../generated/graphql';
import { requireRole } from '../../server/authorization';

export const channelSyncResolvers: Resolvers = {
  Query: {
    calendarExports: (_source, { propertyId }, { services, viewer }) => services.calendarExport.list(requireRole(viewer, 'HOST'), propertyId),
    calendarFeeds: (_source, { roomId }, { services, viewer }) => services.calendarSync.list(requireRole(viewer, 'HOST'), roomId),
    calendarConflicts: (_source, { propertyId, includeResolved }, { services, viewer }) =>
      services.calendarSync.conflicts(requireRole(viewer, 'HOST'), propertyId, includeResolved ?? false),
  },
  Mutation: {
    createCalendarExport: (_source, { roomId, propertyId }, { services, viewer }) =>
      services.calendarExport.create(requireRole(viewer, 'HOST'), { roomId, propertyId }),
    revokeCalendarExport: (_source, { id }, { services, viewer }) => services.calendarExport.revoke(requireRole(viewer, 'HOST'), id),
    addCalendarFeed: (_source, { input }, { services, viewer }) => services.calendarSync.addFeed(requireRole(viewer, 'HOST'), input),
    removeCalendarFeed: (_source, { id }, { services, viewer }) => services.calendarSync.removeFeed(requireRole(viewer, 'HOST'), id),
    syncCalendarFeed: (_source, { id }, { services, viewer }) => services.calendarSync.syncNow(requireRole(viewer, 'HOST'), id),
  },
  CalendarFeed: {
    room: async (feed, _args, { loaders }) => {
      const room = await loaders.roomById.load(feed.roomId);
      if (!room) throw new Error(`feed ${feed.id} has no room`);
      return room;
    },
    lastRun: async (feed, _args, { services }) => (await services.calendarSync.runs(feed.id, 1))[0] ?? null,
    runs: (feed, { first }, { services }) => services.calendarSync.runs(feed.id, first ?? 10),
  },
  CalendarConflict: {
    from: (row) => row.startsOn,
    to: (row) => row.endsOn,
    feed: async (row, _args, { services }) => (await services.calendarSync.feed(row.feedId))!,
    reservation: async (row, _args, { loaders }) => {
      const reservation = await loaders.reservationById.load(row.reservationId);
      if (!reservation) throw new Error(`conflict ${row.id} has no reservation`);
      return reservation;
    },
  },
  RoomBlock: {
    source: (block) => block.source,
    externalUid: (block) => block.feedEventUid,
    feed: (block, _args, { services }) => (block.feedId ? services.calendarSync.feed(block.feedId) : null),
  },
};
