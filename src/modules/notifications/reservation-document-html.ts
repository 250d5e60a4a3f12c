import QRCode from 'qrcode';
import type { ReservationStatus } from '../reservations/reservation.entity';
import { escapeHtml as e } from './html';
import type { StayView } from './stay-view';

/** Which document a reservation has, by status. NO_SHOW keeps the confirmation: the booking was valid. */
export type DocumentKind = 'RECEIVED' | 'CONFIRMATION' | 'CANCELLATION' | 'DECLINED' | 'EXPIRED';

export const DOCUMENT_KIND_BY_STATUS: Record<ReservationStatus, DocumentKind> = {
  PENDING: 'RECEIVED',
  CONFIRMED: 'CONFIRMATION',
  COMPLETED: 'CONFIRMATION',
  NO_SHOW: 'CONFIRMATION',
  CANCELLED: 'CANCELLATION',
  REJECTED: 'DECLINED',
  EXPIRED: 'EXPIRED',
};

/** What a document says beyond the stay itself: the facts its kind depends on. */
export interface DocumentFacts {
  kind: DocumentKind;
  /** The hold's expiry in the property's time zone (RECEIVED; the reservation forgets it once the hold ends). */
  holdExpiry: string | null;
  /** The refund due on a cancelled stay, formatted (null: none). */
  refund: string | null;
}

interface DocumentText {
  title: string;
  /** Short paragraphs under the title. */
  notice: string[];
  /** Check-in instructions and the QR code: only for a booking the guest can arrive with. */
  arrival: boolean;
  totalLabel: string;
}

/**
 * Every user-facing sentence of the documents, one entry per kind (English; a message catalog can replace
 * this object when documents are localized).
 */
export const DOCUMENT_TEXT: Record<DocumentKind, (view: StayView, facts: DocumentFacts) => DocumentText> = {
  RECEIVED: (view, facts) => ({
    title: 'Booking received — awaiting payment',
    notice: [
      `Your dates are held until ${facts.holdExpiry ?? 'the hold expires'}.`,
      `Due now: ${view.total}.`,
      'The booking is confirmed once the payment is received; without it the dates are released when the hold expires.',
    ],
    arrival: false,
    totalLabel: 'Total due',
  }),
  CONFIRMATION: () => ({ title: 'Booking confirmation', notice: [], arrival: true, totalLabel: 'Total' }),
  CANCELLATION: (view, { refund }) => ({
    title: 'Cancellation notice',
    notice: [
      'This booking is cancelled; the room is no longer reserved for you.',
      refund
        ? `Refund due: ${refund}, returned to the original payment method (${view.policy.split(':')[0]!.toLowerCase()} cancellation policy).`
        : `No refund is due (${view.policy.split(':')[0]!.toLowerCase()} cancellation policy).`,
    ],
    arrival: false,
    totalLabel: 'Booked total',
  }),
  DECLINED: () => ({
    title: 'Booking not accepted',
    notice: ['The host could not accept this booking. Nothing is charged.'],
    arrival: false,
    totalLabel: 'Quoted total',
  }),
  EXPIRED: () => ({
    title: 'Hold expired',
    notice: ['The payment was not received before the hold expired, so the dates were released. Nothing is charged.'],
    arrival: false,
    totalLabel: 'Quoted total',
  }),
};

/** A reservation's document as HTML: what the PDF shows (and what a test reads back from the PDF's text). */
export async function documentHtml(view: StayView, facts: DocumentFacts): Promise<string> {
  const text = DOCUMENT_TEXT[facts.kind](view, facts);
  const qr = text.arrival ? await QRCode.toDataURL(view.reservation.code, { margin: 1, width: 160 }) : null;
  const { reservation, property, room, host } = view;
  const rows = (items: { label: string; amount: string; date?: string }[]) =>
    items.map((item) => `<tr><td>${e(item.date ? `${item.date} — ${item.label}` : item.label)}</td><td class="amount">${e(item.amount)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="${e(view.locale)}"><head><meta charset="utf-8"><title>${e(reservation.code)}</title>
<style>
  body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1f2933; font-size: 11pt; }
  h1 { font-size: 18pt; margin: 0 0 4px; } h2 { font-size: 12pt; margin: 18px 0 6px; border-bottom: 1px solid #d9e2ec; }
  .header { display: flex; justify-content: space-between; align-items: flex-start; gap: 12px; }
  .code { font-size: 16pt; font-weight: bold; letter-spacing: 1px; white-space: nowrap; }
  .notice { border-left: 3px solid #1f2933; padding-left: 8px; }
  table { width: 100%; border-collapse: collapse; } td { padding: 3px 0; vertical-align: top; } .amount { text-align: right; white-space: nowrap; }
  .total td { font-weight: bold; border-top: 1px solid #1f2933; padding-top: 6px; } .muted { color: #52606d; }
</style></head>
<body>
  <div class="header">
    <div>
      ${host.businessName.trim() === property.name.trim() ? '' : `<div class="muted">${e(host.businessName)}</div>`}
      <h1>${e(property.name)}</h1>
      <div class="muted">${e([property.addressLine1, property.postalCode, property.city, property.country].filter(Boolean).join(', '))}</div>
      <p>${e(text.title)} <span class="code">${e(reservation.code)}</span></p>
    </div>
    ${qr ? `<img src="${qr}" alt="" width="120" height="120">` : ''}
  </div>
  ${text.notice.length ? `<div class="notice">${text.notice.map((line) => `<p>${e(line)}</p>`).join('')}</div>` : ''}
  <h2>Guest</h2>
  <p>${e(reservation.guestName)} · ${e(reservation.guestEmail)}${reservation.guestPhone ? ` · ${e(reservation.guestPhone)}` : ''}</p>
  <h2>Stay</h2>
  <table>
    <tr><td>Check-in</td><td class="amount">${e(view.checkIn)}, from ${e(view.checkInTime)}</td></tr>
    <tr><td>Check-out</td><td class="amount">${e(view.checkOut)}, until ${e(view.checkOutTime)}${reservation.lateCheckout ? ' (late check-out)' : ''}</td></tr>
    <tr><td>Nights</td><td class="amount">${view.nights}</td></tr>
    <tr><td>Room</td><td class="amount">${e(room.name)} (${e(room.roomTypeLabel)})</td></tr>
    <tr><td>Guests</td><td class="amount">${reservation.guests}</td></tr>
  </table>
  ${reservation.specialRequests ? `<p class="muted">Requests: ${e(reservation.specialRequests)}</p>` : ''}
  <h2>Price</h2>
  <table>${rows(view.lines)}${rows(view.fees)}${rows(view.discounts)}
    <tr><td>Taxes</td><td class="amount">${e(view.taxes)}</td></tr>
    <tr class="total"><td>${e(text.totalLabel)}</td><td class="amount">${e(view.total)}</td></tr>
  </table>
  <h2>Cancellation policy</h2>
  <p>${e(view.policy)}</p>
  ${
    text.arrival
      ? `<h2>Check-in instructions</h2>
  <p>Arrive from ${e(view.checkInTime)} at ${e(property.addressLine1)}, ${e(property.city)}. Show the booking code above at arrival.
  Questions: ${e(host.contactEmail)}${host.contactPhone ? `, ${e(host.contactPhone)}` : ''}.</p>
  ${property.houseRules ? `<p class="muted">House rules: ${e(property.houseRules)}</p>` : ''}`
      : `<p class="muted">Questions: ${e(host.contactEmail)}${host.contactPhone ? `, ${e(host.contactPhone)}` : ''}.</p>`
  }
</body></html>`;
}
