import type { DataSource } from 'typeorm';
import type { Logger } from '../../platform/logger';
import type { Mailer } from '../../platform/mail/mailer';
import type { OutboxEvent } from '../../platform/outbox/outbox-event.entity';
import type { Deliver } from '../../platform/outbox/outbox-delivery';
import type { DocumentLinks } from './document-links';
import type { ReservationDocuments } from './reservation-documents';
import { type EmailKind, reservationEmail } from './reservation-emails';
import { loadStayView } from './stay-view';

const EMAIL_FOR_STATUS: Partial<Record<string, EmailKind>> = {
  CONFIRMED: 'CONFIRMED',
  CANCELLED: 'CANCELLED',
  REJECTED: 'REJECTED',
  EXPIRED: 'EXPIRED',
  COMPLETED: 'COMPLETED',
};

/** The emails that carry the reservation's current document (received, confirmation, cancellation notice). */
const ATTACH_DOCUMENT = new Set<EmailKind>(['RECEIVED', 'CONFIRMED', 'CANCELLED']);

/** Turns outbox events into guest emails (the booking's comes with its PDF confirmation). */
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
    const payload = event.payload as { reservationId?: string; to?: string; reason?: string | null; message?: string | null };
    const kind =
      event.topic === 'reservation.created'
        ? 'RECEIVED'
        : event.topic === 'reservation.status_changed'
          ? EMAIL_FOR_STATUS[payload.to ?? '']
          : event.topic === 'payment.failed'
            ? 'PAYMENT_FAILED'
            : undefined;
    if (!payload.reservationId) return;
    // A status change that changes the document renders its new version now, not at the first download.
    if (event.topic === 'reservation.status_changed') await this.documents.latest(payload.reservationId);
    if (!kind) return;
    await this.email(event, deliver, kind, payload.reservationId, payload);
  }

  private async email(event: OutboxEvent, deliver: Deliver, kind: EmailKind, reservationId: string, extra: { reason?: string | null; message?: string | null }) {
    const view = await loadStayView(this.db, reservationId);
    const recipient = view.reservation.guestEmail;
    await deliver('email', recipient, async () => {
      // The PDF is rendered (and stored) before sending: a Chromium failure fails the attempt, and it is retried.
      const attachments = ATTACH_DOCUMENT.has(kind) ? [{ filename: `${view.reservation.code}.pdf`, content: await this.documents.get(reservationId), contentType: 'application/pdf' }] : [];
      const email = reservationEmail(kind, view, { ...extra, pdfUrl: this.pdfUrl(reservationId) });
      await this.mailer.send({ to: recipient, ...email, attachments, idempotencyKey: `${event.id}-email-${recipient}` });
      this.log.info({ eventId: event.id, kind, reservationId }, 'guest email sent');
    });
  }
}
