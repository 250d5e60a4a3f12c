import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import type { DataSource } from 'typeorm';
import type { PdfRenderer } from '../../platform/pdf/pdf-renderer';
import { escapeHtml as e } from './html';
import { loadStayView, type StayView } from './stay-view';

/** The confirmation as HTML: what the PDF shows (and what a test can read back from the PDF's text). */
export async function confirmationHtml(view: StayView): Promise<string> {
  const qr = await QRCode.toDataURL(view.reservation.code, { margin: 1, width: 160 });
  const { reservation, property, room, host } = view;
  const rows = (items: { label: string; amount: string; date?: string }[]) =>
    items.map((item) => `<tr><td>${e(item.date ? `${item.date} — ${item.label}` : item.label)}</td><td class="amount">${e(item.amount)}</td></tr>`).join('');
  return `<!doctype html>
<html lang="${e(view.locale)}"><head><meta charset="utf-8"><title>${e(reservation.code)}</title>
<style>
  body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1f2933; font-size: 11pt; }
  h1 { font-size: 18pt; margin: 0 0 4px; } h2 { font-size: 12pt; margin: 18px 0 6px; border-bottom: 1px solid #d9e2ec; }
  .header { display: flex; justify-content: space-between; align-items: flex-start; }
  .code { font-size: 16pt; font-weight: bold; letter-spacing: 1px; }
  table { width: 100%; border-collapse: collapse; } td { padding: 3px 0; vertical-align: top; } .amount { text-align: right; white-space: nowrap; }
  .total td { font-weight: bold; border-top: 1px solid #1f2933; padding-top: 6px; } .muted { color: #52606d; }
</style></head>
<body>
  <div class="header">
    <div>
      <div class="muted">${e(host.businessName)}</div>
      <h1>${e(property.name)}</h1>
      <div class="muted">${e([property.addressLine1, property.postalCode, property.city, property.country].filter(Boolean).join(', '))}</div>
      <p>Booking confirmation <span class="code">${e(reservation.code)}</span></p>
    </div>
    <img src="${qr}" alt="QR code of ${e(reservation.code)}" width="120" height="120">
  </div>
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
    <tr class="total"><td>Total</td><td class="amount">${e(view.total)}</td></tr>
  </table>
  <h2>Cancellation policy</h2>
  <p>${e(view.policy)}</p>
  <h2>Check-in instructions</h2>
  <p>Arrive from ${e(view.checkInTime)} at ${e(property.addressLine1)}, ${e(property.city)}. Show this code at arrival: <b>${e(reservation.code)}</b>.
  Questions: ${e(host.contactEmail)}${host.contactPhone ? `, ${e(host.contactPhone)}` : ''}.</p>
  ${property.houseRules ? `<p class="muted">House rules: ${e(property.houseRules)}</p>` : ''}
</body></html>`;
}

/**
 * The stored confirmation PDF of a reservation: rendered once, then served unchanged. Concurrent first
 * requests may both render; one insert wins and everyone reads the stored bytes.
 */
export class ConfirmationDocuments {
  constructor(
    private readonly db: DataSource,
    private readonly renderer: PdfRenderer,
  ) {}

  async get(reservationId: string): Promise<Buffer> {
    const stored = await this.stored(reservationId);
    if (stored) return stored;
    const pdf = await this.renderer.render(await confirmationHtml(await loadStayView(this.db, reservationId)));
    await this.db.query(`INSERT INTO reservation_documents (reservation_id, content, sha256) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      reservationId,
      pdf,
      createHash('sha256').update(pdf).digest('hex'),
    ]);
    return (await this.stored(reservationId))!;
  }

  private async stored(reservationId: string): Promise<Buffer | null> {
    const [row] = await this.db.query<{ content: Buffer }[]>(`SELECT content FROM reservation_documents WHERE reservation_id = $1`, [reservationId]);
    return row?.content ?? null;
  }
}
