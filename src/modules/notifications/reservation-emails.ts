import type { ActorRole } from '../reservations/reservation-history.entity';
import { type Email, type EmailContent, renderEmail } from './email-layout';
import type { StayView } from './stay-view';

/** Guest emails: one per status a guest can reach, and the failed payment. */
export type GuestEmailKind = 'RECEIVED' | 'CONFIRMED' | 'CANCELLED' | 'REJECTED' | 'EXPIRED' | 'COMPLETED' | 'NO_SHOW' | 'PAYMENT_FAILED';

/** What the emails need to know beyond the stay: the money really moved, who acted, and why. */
export interface GuestEmailFacts {
  /** What was captured online for the stay (formatted in the message's locale), null when nothing was. */
  paid: string | null;
  /** What of it has been refunded so far (formatted), null when nothing: e.g. refunded in full at Stripe. */
  refunded?: string | null;
  actorRole?: ActorRole | null;
  reason?: string | null;
  message?: string | null;
  pdfUrl: string;
}

type Message = Pick<EmailContent, 'subject' | 'paragraphs' | 'facts'>;

const atProperty = (view: StayView) => view.property.paymentCollection === 'AT_PROPERTY';
/** "Paid with 100 points: −€100.00" next to the total (which is what remains to pay in money). */
const pointsFact = (view: StayView): [string, string][] => (view.points ? [[view.points.label, view.points.amount]] : []);

/*
 * The sentences live in the message catalogs (src/locales, keys `email.<kind>.*`); which sentence applies
 * follows how the stay is paid (Property.paymentCollection) and the money that really moved (`facts.paid`,
 * the reservation's refund): an email never promises a charge or a refund that did not happen.
 */
const MESSAGES: Record<GuestEmailKind, (view: StayView, facts: GuestEmailFacts) => Message> = {
  RECEIVED: (view, facts) => {
    const { t } = view;
    return {
    subject: t.t('email.received.subject', { code: view.reservation.code, property: view.property.name }),
    paragraphs: atProperty(view)
      ? [
          t.t('email.received.hostConfirms', { business: view.host.businessName }),
          t.t('email.received.payAtProperty', { total: view.total }),
          t.t('email.received.attached'),
        ]
      : [
          view.holdUntil ? t.t('email.received.heldWhileYouPayUntil', { holdUntil: view.holdUntil }) : t.t('email.received.heldWhileYouPay'),
          t.t('email.received.attached'),
        ],
    facts: [
      [t.t('email.fact.stay'), view.dates],
      [t.t('email.fact.total'), view.total],
      ...pointsFact(view),
      [t.t('email.fact.pdf'), facts.pdfUrl],
    ],
    };
  },
  CONFIRMED: (view, facts) => {
    const { t } = view;
    return {
      subject: t.t('email.confirmed.subject', { property: view.property.name, code: view.reservation.code }),
      paragraphs: [
        t.t('email.confirmed.welcome'),
        facts.paid
          ? t.t('email.confirmed.paid', { paid: facts.paid })
          : view.reservation.totalAmount === 0
            ? t.t('email.confirmed.nothingToPay')
            : atProperty(view)
            ? t.t('email.confirmed.payAtProperty', { total: view.total })
            : t.t('email.confirmed.notChargedYet', { business: view.host.businessName }),
      ],
      facts: [
        [t.t('email.fact.stay'), view.dates],
        [t.t('email.fact.checkInFrom'), view.checkInTime],
        [t.t('email.fact.total'), view.total],
        ...pointsFact(view),
        [t.t('email.fact.pdf'), facts.pdfUrl],
      ],
    };
  },
  CANCELLED: (view, facts) => {
    const { t } = view;
    const refundDue = view.refund !== null && view.reservation.refundAmount! > 0;
    return {
      subject: t.t('email.cancelled.subject', { code: view.reservation.code }),
      paragraphs: [
        t.t('email.cancelled.what', { actor: facts.actorRole ?? 'SYSTEM', business: view.host.businessName, property: view.property.name, stay: view.dates }),
        refundDue
          ? t.t('email.cancelled.refundDue', { refund: view.refund!, policy: view.policyName })
          : facts.paid && facts.refunded
            ? facts.refunded === facts.paid
              ? t.t('email.cancelled.refundedInFull', { paid: facts.paid })
              : t.t('email.cancelled.refundedPart', { refunded: facts.refunded, paid: facts.paid })
            : facts.paid
              ? t.t('email.cancelled.noRefund', { policy: view.policyName })
              : t.t('email.cancelled.nothingCharged'),
      ],
      facts: [
        ...(refundDue ? ([[t.t('email.fact.refund'), view.refund!]] as [string, string][]) : []),
        ...(facts.reason ? ([[t.t('email.fact.reason'), facts.reason]] as [string, string][]) : []),
      ],
    };
  },
  REJECTED: (view, facts) => {
    const { t } = view;
    return {
      subject: t.t('email.rejected.subject', { property: view.property.name, code: view.reservation.code }),
      paragraphs: [
        t.t('email.rejected.sorry', { business: view.host.businessName, stay: view.dates }),
        facts.paid ? t.t('email.rejected.paid', { paid: facts.paid, contact: view.host.contactEmail }) : t.t('email.rejected.nothingCharged'),
      ],
      facts: facts.reason ? [[t.t('email.fact.reason'), facts.reason]] : [],
    };
  },
  EXPIRED: (view) => {
    const { t } = view;
    return {
      subject: t.t('email.expired.subject', { property: view.property.name, code: view.reservation.code }),
      paragraphs: [
        atProperty(view) ? t.t('email.expired.notConfirmed', { business: view.host.businessName }) : t.t('email.expired.notPaid'),
        t.t('email.expired.bookAgain'),
      ],
    };
  },
  COMPLETED: (view) => {
    const { t } = view;
    return {
      subject: t.t('email.completed.subject', { property: view.property.name }),
      paragraphs: [t.t('email.completed.review')],
      facts: [[t.t('email.fact.stay'), view.dates]],
    };
  },
  NO_SHOW: (view) => {
    const { t } = view;
    return {
      subject: t.t('email.noShow.subject', { property: view.property.name, code: view.reservation.code }),
      paragraphs: [
        t.t('email.noShow.recorded', { business: view.host.businessName, stay: view.dates }),
        t.t('email.noShow.mistake', { contact: view.host.contactEmail }),
      ],
    };
  },
  PAYMENT_FAILED: (view, facts) => {
    const { t } = view;
    return {
      subject: t.t('email.paymentFailed.subject', { code: view.reservation.code }),
      paragraphs: [
        t.t('email.paymentFailed.failed', { property: view.property.name }),
        view.holdUntil ? t.t('email.paymentFailed.heldUntil', { holdUntil: view.holdUntil }) : t.t('email.paymentFailed.held'),
      ],
      facts: facts.message ? [[t.t('email.fact.bankSaid'), facts.message]] : [],
    };
  },
};

/** The plain-text and HTML parts of a guest email about a stay, in the view's language as a whole. */
export function guestEmail(kind: GuestEmailKind, view: StayView, facts: GuestEmailFacts): Email {
  const { t } = view;
  return renderEmail({
    ...MESSAGES[kind](view, facts),
    brand: view.property.name,
    greeting: t.t('email.greeting', { name: view.reservation.guestName }),
    footer: [t.t('email.footer.reference', { code: view.reservation.code }), t.t('email.footer.via', { business: view.host.businessName })],
  });
}
