import type { DataSource } from 'typeorm';
import type { Logger } from '../../platform/logger';
import type { Mailer } from '../../platform/mail/mailer';
import type { Translator } from '../../platform/i18n/translator';
import { money } from '../../platform/money';
import type { OutboxEvent } from '../../platform/outbox/outbox-event.entity';
import type { Deliver } from '../../platform/outbox/outbox-delivery';
import type { ActorRole } from '../reservations/reservation-history.entity';
import { loadConflictEmail } from '../channel-sync/conflict-email';
import { loadArrivalsDigest } from './arrivals-digest';
import type { DocumentLinks } from './document-links';
import type { Email } from './email-layout';
import { HOST_SWITCH, type HostEmailKind, hostEmail } from './host-emails';
import type { ReservationDocuments } from './reservation-documents';
import { type GuestEmailKind, guestEmail } from './reservation-emails';
import { type StayView, guestTranslator, hostTranslator, loadStay, stayView } from './stay-view';

/** The guest's email for each status a reservation reaches (PENDING is the booking's own: RECEIVED). */
const GUEST_EMAIL_FOR_STATUS: Partial<Record<string, GuestEmailKind>> = {
  CONFIRMED: 'CONFIRMED',
  CANCELLED: 'CANCELLED',
  REJECTED: 'REJECTED',
  EXPIRED: 'EXPIRED',
  COMPLETED: 'COMPLETED',
  NO_SHOW: 'NO_SHOW',
};

/** The guest emails that carry the reservation's current document (received, confirmation, cancellation notice). */
const ATTACH_DOCUMENT = new Set<GuestEmailKind>(['RECEIVED', 'CONFIRMED', 'CANCELLED']);

/** Which emails an event sends: the guest's, the host's (each may be absent). */
function emailsFor(event: OutboxEvent): { guest?: GuestEmailKind; host?: HostEmailKind } {
  const to = String((event.payload as { to?: string }).to ?? '');
  switch (event.topic) {
    case 'reservation.created':
      // A stay with nothing to pay is confirmed in the same transaction: its guest gets the confirmation only.
      return { guest: (event.payload as { nothingToPay?: boolean }).nothingToPay ? undefined : 'RECEIVED', host: 'HOST_NEW_BOOKING' };
    case 'reservation.status_changed':
      return { guest: GUEST_EMAIL_FOR_STATUS[to], host: to === 'CANCELLED' ? 'HOST_CANCELLED' : undefined };
    case 'payment.failed':
      return { guest: 'PAYMENT_FAILED', host: 'HOST_PAYMENT_FAILED' };
    default:
      return {};
  }
}

interface Payload {
  reservationId?: string;
  propertyId?: string;
  day?: string;
  conflictId?: string;
  actorRole?: ActorRole | null;
  reason?: string | null;
  message?: string | null;
}

/**
 * Turns outbox events into emails: the guest's (the booking's comes with its PDF confirmation) and the
 * host's, at the host's contact email unless the host turned that email off. Each recipient is a delivery
 * of its own (channel `email` for the guest, `host-email` for the host: a host booking their own property
 * gets both).
 */
export class NotificationsService {
  constructor(
    private readonly db: DataSource,
    private readonly mailer: Mailer,
    private readonly documents: ReservationDocuments,
    private readonly links: DocumentLinks,
    private readonly log: Logger,
  ) {}

  /** The link in emails: signed and expiring, it opens in a browser without a token. */
  pdfUrl(reservationId: string): string {
    return this.links.signedUrl(reservationId);
  }

  async handle(event: OutboxEvent, deliver: Deliver): Promise<void> {
    const payload = event.payload as Payload;
    if (event.topic === 'host.arrivals_digest' && payload.propertyId && payload.day) {
      await this.digest(event, deliver, payload.propertyId, payload.day);
      return;
    }
    if (event.topic === 'calendar.conflict' && payload.conflictId) {
      const message = await loadConflictEmail(this.db, payload.conflictId);
      if (message) await this.send(event, deliver, 'host-email', message.to, message.email, 'CALENDAR_CONFLICT');
      return;
    }
    const { guest, host } = emailsFor(event);
    if (!payload.reservationId) return;
    // A status change (or a room move) that changes the document renders its new version now, not at the first download.
    const rerender = event.topic === 'reservation.status_changed' || event.topic === 'reservation.room_changed';
    const document = rerender ? await this.documents.latest(payload.reservationId) : null;
    if (!guest && !host) return;
    // Each recipient reads the whole message in one language: the guest's (else the property's), the host's property's.
    const stay = await loadStay(this.db, payload.reservationId);
    const payment = await this.capturedPayment(payload.reservationId);
    if (guest) {
      const view = stayView(stay, guestTranslator(stay));
      await this.guestEmail(event, deliver, guest, view, moneyMoved(payment, view.t), payload, document?.content ?? null);
    }
    if (host && stay.host[HOST_SWITCH[host]]) {
      const view = stayView(stay, hostTranslator(stay.property));
      await this.send(event, deliver, 'host-email', stay.host.contactEmail, hostEmail(host, view, { ...moneyMoved(payment, view.t), ...payload }), host);
    }
  }

  private async guestEmail(
    event: OutboxEvent,
    deliver: Deliver,
    kind: GuestEmailKind,
    view: StayView,
    moved: { paid: string | null; refunded: string | null },
    payload: Payload,
    currentDocument: Buffer | null,
  ) {
    const reservationId = view.reservation.id;
    const email = guestEmail(kind, view, { ...payload, ...moved, pdfUrl: this.pdfUrl(reservationId) });
    // The PDF is rendered (and stored) before sending: a Chromium failure fails the attempt, and it is retried.
    const attachments = async () =>
      ATTACH_DOCUMENT.has(kind)
        ? [{ filename: `${view.reservation.code}.pdf`, content: currentDocument ?? (await this.documents.get(reservationId)), contentType: 'application/pdf' }]
        : [];
    await this.send(event, deliver, 'email', view.reservation.guestEmail, email, kind, attachments);
  }

  private async digest(event: OutboxEvent, deliver: Deliver, propertyId: string, day: string) {
    const digest = await loadArrivalsDigest(this.db, propertyId, day);
    // Turned off (or everything cancelled) since the job queued it: nothing to say.
    if (!digest) return;
    await this.send(event, deliver, 'host-email', digest.to, digest.email, 'ARRIVALS_DIGEST');
  }

  private async send(
    event: OutboxEvent,
    deliver: Deliver,
    channel: 'email' | 'host-email',
    to: string,
    email: Email,
    kind: string,
    attachments: () => Promise<{ filename: string; content: Buffer; contentType: string }[]> = async () => [],
  ) {
    await deliver(channel, to, async () => {
      await this.mailer.send({ to, ...email, attachments: await attachments(), idempotencyKey: `${event.id}-${channel}-${to}` });
      this.log.info({ eventId: event.id, kind, aggregateId: event.aggregateId }, 'email sent');
    });
  }

  /** The payment captured online for the stay, null when none was. */
  private async capturedPayment(reservationId: string): Promise<CapturedPayment | null> {
    const [payment] = await this.db.query<{ amount: string; amount_refunded: string; currency: string }[]>(
      `SELECT amount, amount_refunded, currency FROM payments WHERE reservation_id = $1 AND status = 'SUCCEEDED' ORDER BY created_at LIMIT 1`,
      [reservationId],
    );
    return payment ? { amount: Number(payment.amount), refunded: Number(payment.amount_refunded), currency: payment.currency.trim() } : null;
  }
}

interface CapturedPayment {
  amount: number;
  refunded: number;
  currency: string;
}

/** What was paid online and what of it was refunded since, formatted for one reader; null when nothing was. */
function moneyMoved(payment: CapturedPayment | null, t: Translator): { paid: string | null; refunded: string | null } {
  if (!payment) return { paid: null, refunded: null };
  const format = (amount: number) => t.money(money(amount, payment.currency));
  return { paid: format(payment.amount), refunded: payment.refunded > 0 ? format(payment.refunded) : null };
}
