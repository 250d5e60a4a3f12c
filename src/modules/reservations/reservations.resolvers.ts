import type { Resolvers } from '../../generated/graphql';
import type { User } from '../accounts/user.entity';
import { authorizeEachEvent, requireRole } from '../../server/authorization';
import type { GraphQLContext } from '../../server/context';
import { daysBetween } from '../../platform/calendar-dates';
import { money } from '../../platform/money';
import { inCurrency } from '../pricing/pricing-engine';
import { reservationActor } from './reservation-actor';

export const reservationsResolvers: Resolvers = {
  Query: {
    reservation: (_source, { id }, { services, viewer }) => services.reservations.findVisible(requireRole(viewer, 'GUEST'), id),
    myReservations: (_source, { scope, first, after }, { services, viewer }) =>
      services.reservationQueries.mine(requireRole(viewer, 'GUEST'), scope ?? 'ALL', { first, after }),
    hostReservations: (_source, { propertyId, status, from, to, first, after }, { services, viewer }) =>
      services.reservationQueries.forHost(requireRole(viewer, 'HOST'), { propertyId, status, from, to }, { first, after }),
    reservations: (_source, { filter, first, after }, { services }) => services.reservationQueries.all(filter, { first, after }),
  },
  Mutation: {
    createReservation: (_source, { input }, { services, viewer }) => services.reservations.create(requireRole(viewer, 'GUEST'), input),
    cancelReservation: (_source, { id, reason }, { services, viewer }) => services.reservations.cancel(requireRole(viewer, 'GUEST'), id, reason),
    confirmReservation: (_source, { id }, { services, viewer }) =>
      services.reservations.confirm({ kind: 'user', user: requireRole(viewer, 'HOST') }, id),
    rejectReservation: (_source, { id, reason }, { services, viewer }) => services.reservations.reject(requireRole(viewer, 'HOST'), id, reason),
    markNoShow: (_source, { id }, { services, viewer }) => services.reservations.markNoShow(requireRole(viewer, 'HOST'), id),
    setReservationMovable: (_source, { id, movable }, { services, viewer }) =>
      services.reservations.setMovable(requireRole(viewer, 'HOST'), id, movable),
    moveReservation: (_source, { id, roomId }, { services, viewer }) => services.reservations.moveToRoom(requireRole(viewer, 'HOST'), id, roomId),
  },
  Subscription: {
    reservationUpdated: {
      subscribe: async (_source, { id }, context) => {
        const mayFollow = (viewer: User | null) => context.services.reservations.assertCanFollow(requireRole(viewer, 'GUEST'), id);
        await mayFollow(context.viewer);
        // A right can be lost while following (a demoted admin): each event checks it again.
        return authorizeEachEvent(context.services.reservationEvents.subscribe(id), context, mayFollow);
      },
      // Each event reloads the row, so subscribers always see the committed state.
      resolve: async (event: { reservationId: string }, _args: unknown, { services, viewer }: GraphQLContext) => {
        const reservation = await services.reservations.findVisible(requireRole(viewer, 'GUEST'), event.reservationId);
        if (!reservation) throw new Error(`reservation ${event.reservationId} vanished`);
        return reservation;
      },
    },
  },
  Reservation: {
    nights: (reservation) => daysBetween(reservation.checkIn, reservation.checkOut),
    room: async (reservation, _args, { loaders }) => {
      const room = await loaders.roomById.load(reservation.roomId);
      if (!room) throw new Error(`reservation ${reservation.id} has no room`);
      return room;
    },
    property: async (reservation, _args, { loaders }) => {
      const property = await loaders.propertyById.load(reservation.propertyId);
      if (!property) throw new Error(`reservation ${reservation.id} has no property`);
      return property;
    },
    guest: async (reservation, _args, { loaders }) => {
      const guest = await loaders.userById.load(reservation.guestUserId);
      if (!guest) throw new Error(`reservation ${reservation.id} has no guest`);
      return guest;
    },
    contact: (reservation) => ({ name: reservation.guestName, email: reservation.guestEmail, phone: reservation.guestPhone }),
    lines: (reservation) => inCurrency(reservation.priceSnapshot.nights, reservation.currency),
    fees: (reservation) => inCurrency(reservation.priceSnapshot.fees, reservation.currency),
    discounts: (reservation) => inCurrency(reservation.priceSnapshot.discounts, reservation.currency),
    subtotal: (reservation) => money(reservation.subtotalAmount, reservation.currency),
    taxes: (reservation) => money(reservation.taxesAmount, reservation.currency),
    total: (reservation) => money(reservation.totalAmount, reservation.currency),
    discountCodeAmount: (reservation) => money(reservation.discountCodeAmount, reservation.currency),
    refundAmount: (reservation) => (reservation.refundAmount === null ? null : money(reservation.refundAmount, reservation.currency)),
    cancellationRefund: async (reservation, _args, { services, viewer }) => {
      const amount = await services.reservations.refundIfCancelledNow(requireRole(viewer, 'GUEST'), reservation);
      return amount === null ? null : money(amount, reservation.currency);
    },
    history: (reservation, _args, { loaders }) => loaders.historyByReservationId.load(reservation.id),
  },
  ReservationHistoryEntry: {
    from: (entry) => entry.fromStatus,
    to: (entry) => entry.toStatus,
    actor: (entry, _args, { loaders }) => reservationActor(entry, loaders),
    fromRoom: (entry, _args, { loaders }) => (entry.fromRoomId ? loaders.roomById.load(entry.fromRoomId) : null),
    toRoom: (entry, _args, { loaders }) => (entry.toRoomId ? loaders.roomById.load(entry.toRoomId) : null),
  },
};
