import { daysBetween } from '../../platform/calendar-dates';
import type { Translator } from '../../platform/i18n/translator';
import type { HostProfile } from '../profiles/host-profile.entity';
import type { ActorRole } from '../reservations/reservation-history.entity';
import { type Email, renderEmail } from './email-layout';
import type { StayView } from './stay-view';

/** Host emails about one booking, in the property's language; each can be turned off (HostNotificationSettings). */
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

/** How the new booking gets paid: at the property, online, or not at all (discounts cover it: confirmed at once). */
const newBookingMessage = ({ property, reservation }: StayView) =>
  property.paymentCollection === 'AT_PROPERTY'
    ? 'email.hostNewBooking.payAtProperty'
    : reservation.totalAmount === 0
      ? 'email.hostNewBooking.nothingToPay'
      : 'email.hostNewBooking.payOnline';

/* The sentences are in the message catalogs (`email.host*`); the choice between them stays here. */
const MESSAGES: Record<HostEmailKind, (view: StayView, facts: HostEmailFacts) => { subject: string; paragraphs: string[]; facts: [string, string][] }> = {
  HOST_NEW_BOOKING: (view) => {
    const { reservation, t } = view;
    return {
      subject: t.t('email.hostNewBooking.subject', { code: reservation.code, property: view.property.name, checkIn: view.checkIn }),
      paragraphs: [
        t.t(newBookingMessage(view), {
          guest: reservation.guestName,
          room: view.room.name,
        }),
      ],
      facts: [
        [t.t('email.fact.stay'), view.dates],
        [t.t('email.fact.guests'), t.number(reservation.guests)],
        [t.t('email.fact.email'), reservation.guestEmail],
        [t.t('email.fact.phone'), reservation.guestPhone ?? t.t('email.fact.phoneNone')],
        [t.t('email.fact.specialRequests'), reservation.specialRequests ?? t.t('email.fact.specialRequestsNone')],
        [t.t('email.fact.total'), view.total],
      ],
    };
  },
  HOST_CANCELLED: (view, facts) => {
    const { t } = view;
    return {
      subject: t.t('email.hostCancelled.subject', { code: view.reservation.code, property: view.property.name }),
      paragraphs: [t.t('email.hostCancelled.what', { actor: facts.actorRole ?? 'SYSTEM', guest: view.reservation.guestName, stay: view.dates })],
      facts: [
        [
          t.t('email.fact.refundToGuest'),
          view.refund && view.reservation.refundAmount! > 0
            ? view.refund
            : facts.paid && facts.refunded
              ? t.t('email.hostCancelled.refundAlready', { refunded: facts.refunded })
              : facts.paid
                ? t.t('email.hostCancelled.refundNonePolicy')
                : t.t('email.hostCancelled.refundNoneUnpaid'),
        ],
        ...(facts.reason ? ([[t.t('email.fact.reason'), facts.reason]] as [string, string][]) : []),
      ],
    };
  },
  HOST_PAYMENT_FAILED: (view, facts) => {
    const { t } = view;
    return {
      subject: t.t('email.hostPaymentFailed.subject', { code: view.reservation.code, property: view.property.name }),
      paragraphs: [t.t('email.hostPaymentFailed.what', { guest: view.reservation.guestName, stay: view.dates })],
      facts: [[t.t('email.fact.total'), view.total], ...(facts.message ? ([[t.t('email.fact.bankSaid'), facts.message]] as [string, string][]) : [])],
    };
  },
};

export function hostEmail(kind: HostEmailKind, view: StayView, facts: HostEmailFacts): Email {
  const { t } = view;
  return renderEmail({
    ...MESSAGES[kind](view, facts),
    brand: view.property.name,
    greeting: t.t('email.greeting', { name: view.host.businessName }),
    footer: [t.t('email.footer.reference', { code: view.reservation.code }), t.t('email.footer.hostSettings')],
  });
}

export interface DigestStay {
  code: string;
  guestName: string;
  guests: number;
  room: string;
  guestPhone: string | null;
}

/** The evening-before digest of one property: tomorrow's arrivals and departures, in the property's language. */
export function arrivalsDigestEmail(
  t: Translator,
  input: { propertyName: string; businessName: string; day: string; arrivals: DigestStay[]; departures: DigestStay[] },
): Email {
  const line = (s: DigestStay) =>
    `${t.t('digest.stay', { guest: s.guestName, guests: s.guests, room: s.room, code: s.code })}${s.guestPhone ? `, ${s.guestPhone}` : ''}`;
  const day = t.date(input.day);
  const none = [t.t('digest.none')];
  return renderEmail({
    subject: t.t('digest.subject', { property: input.propertyName, day, arrivals: input.arrivals.length, departures: input.departures.length }),
    brand: input.propertyName,
    greeting: t.t('email.greeting', { name: input.businessName }),
    paragraphs: [t.t('digest.intro', { day })],
    sections: [
      { title: t.t('digest.arrivals', { count: input.arrivals.length }), lines: input.arrivals.length ? input.arrivals.map(line) : none },
      { title: t.t('digest.departures', { count: input.departures.length }), lines: input.departures.length ? input.departures.map(line) : none },
    ],
    footer: [t.t('email.footer.digestSettings')],
  });
}

/** An imported calendar event over a direct booking (channel sync): sent once per conflict. */
export function calendarConflictEmail(
  t: Translator,
  input: { propertyName: string; businessName: string; roomName: string; feedName: string; code: string; guestName: string; from: string; to: string; eventUid: string },
): Email {
  const nights = t.t('stay.dates', { checkIn: t.date(input.from, 'medium'), checkOut: t.date(input.to, 'medium'), nights: t.t('stay.nights', { count: daysBetween(input.from, input.to) }) });
  return renderEmail({
    subject: t.t('calendarConflict.subject', { property: input.propertyName, feed: input.feedName, room: input.roomName, code: input.code }),
    brand: input.propertyName,
    greeting: t.t('email.greeting', { name: input.businessName }),
    paragraphs: [
      t.t('calendarConflict.what', { feed: input.feedName, room: input.roomName, code: input.code }),
      t.t('calendarConflict.todo', { feed: input.feedName }),
    ],
    facts: [
      [t.t('calendarConflict.fact.nights'), nights],
      [t.t('calendarConflict.fact.booking'), `${input.code} (${input.guestName})`],
      [t.t('calendarConflict.fact.event', { feed: input.feedName }), input.eventUid],
    ],
    footer: [t.t('email.footer.via', { business: input.businessName })],
  });
}
