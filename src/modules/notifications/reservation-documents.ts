import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { PdfRenderer } from '../../platform/pdf/pdf-renderer';
import type { ReservationStatus } from '../reservations/reservation.entity';
import { DOCUMENT_KIND_BY_STATUS, type DocumentFacts, type DocumentKind, documentHtml } from './reservation-document-html';
import { type StayView, guestTranslator, loadStay, stayView } from './stay-view';

export interface DocumentVersion {
  id: string;
  reservationId: string;
  version: number;
  kind: DocumentKind;
  /** The reservation status the version reflects (null: a confirmation stored before versions existed). */
  status: ReservationStatus | null;
  sha256: string;
  createdAt: Date;
}

export interface StoredDocument extends DocumentVersion {
  content: Buffer;
}

const COLUMNS = `id, reservation_id AS "reservationId", version, kind, status, sha256, created_at AS "createdAt"`;

/** A render that lost its race to a newer status gives up after this many tries (each one re-reads). */
const MAX_RENDER_ROUNDS = 3;

/**
 * The PDF documents of a reservation, one stored version per content-relevant change: the kind (by status),
 * the hold's expiry of a pending booking, the refund due on a cancelled one. `latest` renders a new version when
 * the stored one no longer says what the reservation is; two instances rendering the same version store one
 * row (unique reservation_id, version) and both serve it.
 */
export class ReservationDocuments {
  constructor(
    private readonly db: DataSource,
    private readonly renderer: PdfRenderer,
  ) {}

  /** The bytes of the current document (rendered first if the status changed since the last version). */
  async get(reservationId: string): Promise<Buffer> {
    return (await this.latest(reservationId)).content;
  }

  async latest(reservationId: string): Promise<StoredDocument> {
    for (let round = 0; ; round += 1) {
      // The stored version is read before the reservation: a view read later is never older than it, so a slow
      // render cannot add a version that goes back to an earlier status.
      const stored = await this.newest(reservationId);
      const stay = await loadStay(this.db, reservationId);
      // The guest's document, in the guest's language (the same rule as the guest's emails).
      const view = stayView(stay, guestTranslator(stay));
      const facts = this.factsOf(view);
      const basis = basisOf(view, facts);
      if (stored && (stored.basis === basis || round >= MAX_RENDER_ROUNDS)) return stored.document;
      const pdf = await this.renderer.render(await documentHtml(view, facts));
      // Stored only while the reservation still has the status the render reflects, and only as the version after
      // the one read: a concurrent render of the same version, or a status change meanwhile, makes this a no-op and
      // the loop reads again.
      await this.db.query(
        `INSERT INTO reservation_documents (reservation_id, version, kind, status, basis, content, sha256)
         SELECT $1::uuid, $2::integer, $3::text, $4::text, $5::text, $6::bytea, $7::text
          WHERE EXISTS (SELECT 1 FROM reservations WHERE id = $1::uuid AND status = $4::text)
         ON CONFLICT (reservation_id, version) DO NOTHING`,
        [reservationId, (stored?.document.version ?? 0) + 1, facts.kind, view.reservation.status, basis, pdf, createHash('sha256').update(pdf).digest('hex')],
      );
    }
  }

  /** The current document with the booking code (its file name), or null for an unknown reservation. */
  async current(reservationId: string): Promise<{ code: string; content: Buffer } | null> {
    const [row] = await this.db.query<{ code: string }[]>(`SELECT code FROM reservations WHERE id = $1`, [reservationId]);
    return row ? { code: row.code, content: await this.get(reservationId) } : null;
  }

  /** Every stored version, newest first (admins). */
  async list(reservationId: string): Promise<DocumentVersion[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM reservation_documents WHERE reservation_id = $1 ORDER BY version DESC`, [reservationId]);
  }

  async version(reservationId: string, version: number): Promise<StoredDocument | null> {
    const [row] = await this.db.query<StoredDocument[]>(`SELECT ${COLUMNS}, content FROM reservation_documents WHERE reservation_id = $1 AND version = $2`, [reservationId, version]);
    return row ?? null;
  }

  private async newest(reservationId: string): Promise<{ document: StoredDocument; basis: string } | null> {
    const [row] = await this.db.query<(StoredDocument & { basis: string })[]>(
      `SELECT ${COLUMNS}, content, basis FROM reservation_documents WHERE reservation_id = $1 ORDER BY version DESC LIMIT 1`,
      [reservationId],
    );
    if (!row) return null;
    const { basis, ...document } = row;
    return { document, basis };
  }

  private factsOf(view: StayView): DocumentFacts {
    const { reservation } = view;
    const kind = DOCUMENT_KIND_BY_STATUS[reservation.status];
    const holdExpiry = kind === 'RECEIVED' ? view.holdUntil : null;
    // The refund the cancellation made due, after discounts and in the booking's currency (what the reservation
    // records); whether the processor has sent it yet is the refunds' business, not the document's.
    const refund = kind === 'CANCELLATION' && reservation.refundAmount ? view.refund : null;
    return { kind, holdExpiry, refund };
  }
}

/**
 * What a version depends on: a new version is rendered exactly when this changes. The language is part of it
 * (a guest who changes their preferred language gets the next document in it). English adds no suffix, so an
 * English confirmation or cancellation stored before documents were localized stays current.
 */
function basisOf(view: StayView, facts: DocumentFacts): string {
  // The room is printed: a stay that moved (floating assignments) names its room, so a move renders anew.
  // Stays that never moved add nothing, so their stored documents stay current.
  const room = view.reservation.roomMoves > 0 ? `#${view.reservation.roomId}` : '';
  const language = (view.t.language === 'en' ? '' : `@${view.t.language}`) + room;
  switch (facts.kind) {
    case 'RECEIVED':
      return `${facts.kind}:${view.reservation.holdExpiresAt?.toISOString() ?? ''}${language}`;
    case 'CANCELLATION':
      return `${facts.kind}:${view.reservation.refundAmount ?? 0}${language}`;
    default:
      return `${facts.kind}${language}`;
  }
}
