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
  /** The hold's expiry in the property's time zone, in the document's language (RECEIVED only). */
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

/** Which catalog sentences each kind of document prints (`document.<kind>.*`), in the view's language. */
export const DOCUMENT_TEXT: Record<DocumentKind, (view: StayView, facts: DocumentFacts) => DocumentText> = {
  RECEIVED: ({ t, total }, facts) => ({
    title: t.t('document.received.title'),
    notice: [
      facts.holdExpiry ? t.t('document.received.heldUntil', { holdExpiry: facts.holdExpiry }) : t.t('document.received.held'),
      t.t('document.received.dueNow', { total }),
      t.t('document.received.howConfirmed'),
    ],
    arrival: false,
    totalLabel: t.t('document.received.totalLabel'),
  }),
  CONFIRMATION: ({ t }) => ({ title: t.t('document.confirmation.title'), notice: [], arrival: true, totalLabel: t.t('document.confirmation.totalLabel') }),
  CANCELLATION: ({ t, policyName }, { refund }) => ({
    title: t.t('document.cancellation.title'),
    notice: [
      t.t('document.cancellation.cancelled'),
      refund ? t.t('document.cancellation.refund', { refund, policy: policyName }) : t.t('document.cancellation.noRefund', { policy: policyName }),
    ],
    arrival: false,
    totalLabel: t.t('document.cancellation.totalLabel'),
  }),
  DECLINED: ({ t }) => ({
    title: t.t('document.declined.title'),
    notice: [t.t('document.declined.notice')],
    arrival: false,
    totalLabel: t.t('document.declined.totalLabel'),
  }),
  EXPIRED: ({ t }) => ({
    title: t.t('document.expired.title'),
    notice: [t.t('document.expired.notice')],
    arrival: false,
    totalLabel: t.t('document.expired.totalLabel'),
  }),
};

/** A reservation's document as HTML: what the PDF shows (and what a test reads back from the PDF's text). */
export async function documentHtml(view: StayView, facts: DocumentFacts): Promise<string> {
  const text = DOCUMENT_TEXT[facts.kind](view, facts);
  const qr = text.arrival ? await QRCode.toDataURL(view.reservation.code, { margin: 1, width: 160 }) : null;
  const { reservation, property, room, host, t } = view;
  const questions = t.t('document.questions', { contact: `${host.contactEmail}${host.contactPhone ? `, ${host.contactPhone}` : ''}` });
  const rows = (items: { label: string; amount: string; date?: string }[]) =>
    items.map((item) => `<tr><td>${e(item.date ? `${item.date} — ${item.label}` : item.label)}</td><td class="amount">${e(item.amount)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="${e(t.language)}"><head><meta charset="utf-8"><title>${e(reservation.code)}</title>
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
  <h2>${e(t.t('document.section.guest'))}</h2>
  <p>${e(reservation.guestName)} · ${e(reservation.guestEmail)}${reservation.guestPhone ? ` · ${e(reservation.guestPhone)}` : ''}</p>
  <h2>${e(t.t('document.section.stay'))}</h2>
  <table>
    <tr><td>${e(t.t('document.checkIn'))}</td><td class="amount">${e(t.t('document.checkInAt', { date: view.checkIn, time: view.checkInTime }))}</td></tr>
    <tr><td>${e(t.t('document.checkOut'))}</td><td class="amount">${e(t.t(reservation.lateCheckout ? 'document.checkOutLateAt' : 'document.checkOutAt', { date: view.checkOut, time: view.checkOutTime }))}</td></tr>
    <tr><td>${e(t.t('document.nights'))}</td><td class="amount">${e(t.number(view.nights))}</td></tr>
    <tr><td>${e(t.t('document.room'))}</td><td class="amount">${e(room.name)} (${e(room.roomTypeLabel)})</td></tr>
    <tr><td>${e(t.t('document.guests'))}</td><td class="amount">${e(t.number(reservation.guests))}</td></tr>
  </table>
  ${reservation.specialRequests ? `<p class="muted">${e(t.t('document.requests', { requests: reservation.specialRequests }))}</p>` : ''}
  <h2>${e(t.t('document.section.price'))}</h2>
  <table>${rows(view.lines)}${rows(view.fees)}${rows(view.discounts)}
    <tr><td>${e(t.t('document.taxes'))}</td><td class="amount">${e(view.taxes)}</td></tr>
    ${view.points ? rows([view.points]) : ''}
    <tr class="total"><td>${e(text.totalLabel)}</td><td class="amount">${e(view.total)}</td></tr>
  </table>
  <h2>${e(t.t('document.section.policy'))}</h2>
  <p>${e(view.policy)}</p>
  ${
    text.arrival
      ? `<h2>${e(t.t('document.section.arrival'))}</h2>
  <p>${e(t.t('document.arrive', { time: view.checkInTime, address: property.addressLine1, city: property.city }))}
  ${e(questions)}</p>
  ${property.houseRules ? `<p class="muted">${e(t.t('document.houseRules', { rules: property.houseRules }))}</p>` : ''}`
      : `<p class="muted">${e(questions)}</p>`
  }
</body></html>`;
}
