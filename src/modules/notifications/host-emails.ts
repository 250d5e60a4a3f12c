import type { HostProfile } from '../profiles/host-profile.entity';
import type { ActorRole } from '../reservations/reservation-history.entity';
import { type Email, renderEmail } from './email-layout';
import type { StayView } from './stay-view';

/** Host emails about one booking; each can be turned off (HostNotificationSettings). */
export type HostEmailKind = 'HOST_NEW_BOOKING' | 'HOST_CANCELLED' | 'HOST_PAYMENT_FAILED';

export interface HostEmailFacts {
  paid: string | null;
  refunded?: string | null;
  actorRole?: ActorRole | null;
  reason?: string | null;
  message?: string | null;
}

/** Which switch turns each host email off. */
export const HOST_SWITCH: Record<HostEmailKind, keyof Pick<HostProfile, 'notifyNewBooking' | 'notifyCancellation' | 'notifyPaymentFailed'>> = {
  HOST_NEW_BOOKING: 'notifyNewBooking',
  HOST_CANCELLED: 'notifyCancellation',
  HOST_PAYMENT_FAILED: 'notifyPaymentFailed',
};

const stay = (view: StayView) => `${view.checkIn} – ${view.checkOut} (${view.nights} night${view.nights > 1 ? 's' : ''})`;
const WHO_CANCELLED: Record<ActorRole, string> = { GUEST: 'The guest', HOST: 'You', ADMIN: 'staygraph support', SYSTEM: 'staygraph, as the whole payment was refunded,' };

/* Each message's English strings together, for a later message catalog. */
const MESSAGES: Record<HostEmailKind, (view: StayView, facts: HostEmailFacts) => { subject: string; paragraphs: string[]; facts: [string, string][] }> = {
  HOST_NEW_BOOKING: (view) => {
    const { reservation } = view;
    return {
      subject: `New booking ${reservation.code} at ${view.property.name}: ${view.checkIn}`,
      paragraphs: [
        view.property.paymentCollection === 'AT_PROPERTY'
          ? `${reservation.guestName} booked ${view.room.name}. The guest pays at the property: please confirm or reject the booking.`
          : `${reservation.guestName} booked ${view.room.name}. The guest pays online; the booking is confirmed when the payment succeeds.`,
      ],
      facts: [
        ['Stay', stay(view)],
        ['Guests', String(reservation.guests)],
        ['Email', reservation.guestEmail],
        ['Phone', reservation.guestPhone ?? 'not given'],
        ['Special requests', reservation.specialRequests ?? 'none'],
        ['Total', view.total],
      ],
    };
  },
  HOST_CANCELLED: (view, facts) => ({
    subject: `Booking ${view.reservation.code} at ${view.property.name} is cancelled`,
    paragraphs: [`${WHO_CANCELLED[facts.actorRole ?? 'SYSTEM']} cancelled the booking of ${view.reservation.guestName} for ${stay(view)}. The dates are free again.`],
    facts: [
      [
        'Refund to the guest',
        view.refund && view.reservation.refundAmount! > 0
          ? view.refund
          : facts.paid && facts.refunded
            ? `${facts.refunded} (already refunded)`
            : facts.paid
              ? 'none (by the cancellation policy)'
              : 'none (nothing was paid online)',
      ],
      ...(facts.reason ? ([['Reason', facts.reason]] as [string, string][]) : []),
    ],
  }),
  HOST_PAYMENT_FAILED: (view, facts) => ({
    subject: `Payment failed for booking ${view.reservation.code} at ${view.property.name}`,
    paragraphs: [`The online payment of ${view.reservation.guestName} for ${stay(view)} failed. The dates stay held until the hold expires; the guest can try again.`],
    facts: [['Total', view.total], ...(facts.message ? ([['The bank said', facts.message]] as [string, string][]) : [])],
  }),
};

export function hostEmail(kind: HostEmailKind, view: StayView, facts: HostEmailFacts): Email {
  return renderEmail({
    ...MESSAGES[kind](view, facts),
    brand: view.property.name,
    greeting: `Hello ${view.host.businessName},`,
    footer: [`Reference: ${view.reservation.code}`, 'staygraph: turn these emails off in your notification settings'],
  });
}

export interface DigestStay {
  code: string;
  guestName: string;
  guests: number;
  room: string;
  guestPhone: string | null;
}

/** The evening-before digest of one property: tomorrow's arrivals and departures. */
export function arrivalsDigestEmail(input: { propertyName: string; businessName: string; day: string; arrivals: DigestStay[]; departures: DigestStay[] }): Email {
  const line = (s: DigestStay) => `${s.guestName}, ${s.guests} guest${s.guests > 1 ? 's' : ''}, ${s.room} (${s.code})${s.guestPhone ? `, ${s.guestPhone}` : ''}`;
  return renderEmail({
    subject: `${input.propertyName} on ${input.day}: ${input.arrivals.length} arrival${input.arrivals.length === 1 ? '' : 's'}, ${input.departures.length} departure${input.departures.length === 1 ? '' : 's'}`,
    brand: input.propertyName,
    greeting: `Hello ${input.businessName},`,
    paragraphs: [`Here is who arrives and who leaves on ${input.day}.`],
    sections: [
      { title: `Arrivals (${input.arrivals.length})`, lines: input.arrivals.length ? input.arrivals.map(line) : ['none'] },
      { title: `Departures (${input.departures.length})`, lines: input.departures.length ? input.departures.map(line) : ['none'] },
    ],
    footer: ['staygraph: turn the daily digest off in your notification settings'],
  });
}
