import type { Resolvers } from '../../generated/graphql';
import { requireRole } from '../../server/authorization';
import { money } from '../../platform/money';

export const paymentsResolvers: Resolvers = {
  Query: {
    payments: (_source, { status, first, after }, { services }) => services.payments.list(status, { first, after }),
    refunds: (_source, { status }, { services }) => services.payments.listRefunds(status),
    failedStripeEvents: (_source, _args, { services }) => services.stripeEvents.failed(),
    waitingStripeEvents: (_source, _args, { services }) => services.stripeEvents.waiting(),
  },
  Mutation: {
    startCheckout: (_source, { reservationId }, { services, viewer }) => services.payments.startCheckout(requireRole(viewer, 'GUEST'), reservationId),
    confirmTestPayment: (_source, { reservationId }, { services, viewer }) =>
      services.payments.confirmTestPayment(requireRole(viewer, 'GUEST'), reservationId),
    reprocessStripeEvent: (_source, { id }, { services }) => services.stripeEvents.reprocess(id),
  },
  Reservation: {
    payments: (reservation, _args, { loaders }) => loaders.paymentsByReservationId.load(reservation.id),
    refunds: (reservation, _args, { loaders }) => loaders.refundsByReservationId.load(reservation.id),
  },
  Payment: {
    mode: (payment) => payment.provider,
    amount: (payment) => money(payment.amount, payment.currency),
    amountRefunded: (payment) => money(payment.amountRefunded, payment.currency),
    reservation: async (payment, _args, { loaders }) => {
      const reservation = await loaders.reservationById.load(payment.reservationId);
      if (!reservation) throw new Error(`payment ${payment.id} has no reservation`);
      return reservation;
    },
  },
  StripeEvent: {
    waitingSince: (event) => event.parkedAt,
  },
  Refund: {
    amount: (refund) => money(refund.amount, refund.currency),
  },
};
