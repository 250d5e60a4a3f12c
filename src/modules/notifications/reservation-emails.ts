import type { ActorRole } from '../reservations/reservation-history.entity';
import { type Email, type EmailContent, renderEmail } from './email-layout';
import type { StayView } from './stay-view';

/** Guest emails: one per status a guest can reach, and the failed payment. */
export type GuestEmailKind = 'RECEIVED' | 'CONFIRMED' | 'CANCELLED' | 'REJECTED' | 'EXPIRED' | 'COMPLETED' | 'NO_SHOW' | 'PAYMENT_FAILED';

/** What the emails need to know beyond the stay: the money really moved, who acted, and why. */
export interface GuestEmailFacts {
  /** What was captured online for the stay (formatted), null when nothing was. */
  paid: string | null;
  /** What of it has been refunded so far (formatted), null when nothing: e.g. refunded in full at Stripe. */
  refunded?: string | null;
  /** The hold's end, formatted in the property's time zone (PENDING only). */
  holdUntil: string | null;
  actorRole?: ActorRole | null;
  reason?: string | null;
  message?: string | null;
  pdfUrl: string;
}

type Message = Pick<EmailContent, 'subject' | 'paragraphs' | 'facts'>;

const nightsText = (view: StayView) => `${view.checkIn} – ${view.checkOut} (${view.nights} night${view.nights > 1 ? 's' : ''})`;
const atProperty = (view: StayView) => view.property.paymentCollection === 'AT_PROPERTY';

/*
 * Every message's English strings live in its own function below, so that a message catalog can replace
 * them one by one. The wording follows how the stay is paid (Property.paymentCollection) and the money that
 * really moved (`facts.paid`, the reservation's refund): an email never promises a charge or a refund that
 * did not happen.
 */
const MESSAGES: Record<GuestEmailKind, (view: StayView, facts: GuestEmailFacts) => Message> = {
  RECEIVED: (view, facts) => ({
    subject: `We received your booking ${view.reservation.code} at ${view.property.name}`,
    paragraphs: atProperty(view)
      ? [
          `Thank you! ${view.host.businessName} will confirm your booking shortly; we will email you then.`,
          `Nothing is charged online: you pay ${view.total} at the property.`,
          'Your confirmation is attached.',
        ]
      : [
          `Thank you! Your dates are held for you while you pay${facts.holdUntil ? `, until ${facts.holdUntil}` : ''}. Your booking is confirmed once the payment succeeds.`,
          'Your confirmation is attached.',
        ],
    facts: [['Stay', nightsText(view)], ['Total', view.total], ['Confirmation PDF', facts.pdfUrl]],
  }),
  CONFIRMED: (view, facts) => ({
    subject: `Your stay at ${view.property.name} is confirmed (${view.reservation.code})`,
    paragraphs: [
      'Your booking is confirmed. We look forward to welcoming you.',
      facts.paid
        ? `We received your payment of ${facts.paid}.`
        : atProperty(view)
          ? `You pay ${view.total} at the property; nothing is charged online.`
          : `${view.host.businessName} confirmed your booking; nothing has been charged online yet.`,
    ],
    facts: [['Stay', nightsText(view)], ['Check-in from', view.checkInTime], ['Total', view.total], ['Confirmation PDF', facts.pdfUrl]],
  }),
  CANCELLED: (view, facts) => ({
    subject: `Your booking ${view.reservation.code} is cancelled`,
    paragraphs: [
      facts.actorRole === 'HOST'
        ? `${view.host.businessName} cancelled your booking at ${view.property.name} for ${nightsText(view)}.`
        : `${facts.actorRole === 'GUEST' ? 'As you asked, your' : 'Your'} booking at ${view.property.name} for ${nightsText(view)} is cancelled.`,
      view.refund && view.reservation.refundAmount! > 0
        ? `You get ${view.refund} back on the card you paid with (by the ${view.policy.split(':')[0]!.toLowerCase()} cancellation policy); banks take a few days to show it.`
        : facts.paid && facts.refunded
          ? facts.refunded === facts.paid
            ? `Your payment of ${facts.paid} was refunded in full to the card you paid with; banks take a few days to show it.`
            : `${facts.refunded} of your payment of ${facts.paid} was refunded to the card you paid with; banks take a few days to show it.`
          : facts.paid
          ? `No refund is due by the ${view.policy.split(':')[0]!.toLowerCase()} cancellation policy.`
          : 'Nothing was charged, so there is nothing to refund.',
    ],
    facts: [...(view.refund && view.reservation.refundAmount! > 0 ? ([['Refund', view.refund]] as [string, string][]) : []), ...(facts.reason ? ([['Reason', facts.reason]] as [string, string][]) : [])],
  }),
  REJECTED: (view, facts) => ({
    subject: `${view.property.name} could not accept booking ${view.reservation.code}`,
    paragraphs: [
      `We are sorry: ${view.host.businessName} could not accept your booking for ${nightsText(view)}.`,
      facts.paid ? `A payment of ${facts.paid} was recorded for it: please write to ${view.host.contactEmail} about giving it back.` : 'Nothing was charged.',
    ],
    facts: facts.reason ? [['Reason', facts.reason]] : [],
  }),
  EXPIRED: (view) => ({
    subject: `Your hold on ${view.property.name} expired (${view.reservation.code})`,
    paragraphs: atProperty(view)
      ? [`${view.host.businessName} did not confirm your booking in time, so the dates were released. Nothing was charged.`, 'You are welcome to book again.']
      : ['We did not receive the payment in time, so the dates were released. Nothing was charged.', 'You are welcome to book again.'],
  }),
  COMPLETED: (view) => ({
    subject: `Thank you for staying at ${view.property.name}`,
    paragraphs: ['We hope you enjoyed your stay. Would you tell future guests about it? Your review helps them choose.'],
    facts: [['Stay', nightsText(view)]],
  }),
  NO_SHOW: (view) => ({
    subject: `You were recorded as not arriving at ${view.property.name} (${view.reservation.code})`,
    paragraphs: [
      `${view.host.businessName} recorded that you did not arrive for your stay of ${nightsText(view)}, and the booking is closed.`,
      `If this is a mistake, please write to ${view.host.contactEmail}.`,
    ],
  }),
  PAYMENT_FAILED: (view, facts) => ({
    subject: `Your payment for ${view.reservation.code} did not go through`,
    paragraphs: [
      `The payment for your booking at ${view.property.name} failed. Nothing was charged.`,
      `Your dates stay held${facts.holdUntil ? ` until ${facts.holdUntil}` : ' until the hold expires'}: please try again.`,
    ],
    facts: facts.message ? [['The bank said', facts.message]] : [],
  }),
};

/** The plain-text and HTML parts of a guest email about a stay. */
export function guestEmail(kind: GuestEmailKind, view: StayView, facts: GuestEmailFacts): Email {
  const message = MESSAGES[kind](view, facts);
  return renderEmail({
    ...message,
    brand: view.property.name,
    greeting: `Hello ${view.reservation.guestName},`,
    footer: [`Reference: ${view.reservation.code}`, `${view.host.businessName} via staygraph`],
  });
}
