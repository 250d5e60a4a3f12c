import { escapeHtml as e } from './html';
import type { StayView } from './stay-view';

export type EmailKind = 'RECEIVED' | 'CONFIRMED' | 'CANCELLED' | 'REJECTED' | 'EXPIRED' | 'COMPLETED' | 'PAYMENT_FAILED';

export interface Email {
  subject: string;
  text: string;
  html: string;
}

interface Content {
  subject: string;
  lead: string;
  details?: string[];
}

function content(kind: EmailKind, view: StayView, extra: { reason?: string | null; message?: string | null; pdfUrl: string }): Content {
  const { reservation, property } = view;
  const stay = `${view.checkIn} – ${view.checkOut} (${view.nights} night${view.nights > 1 ? 's' : ''})`;
  switch (kind) {
    case 'RECEIVED':
      return {
        subject: `We received your booking ${reservation.code} at ${property.name}`,
        lead: `Thank you! Your booking at ${property.name} is held for you while you pay. Your confirmation is attached.`,
        details: [`Stay: ${stay}`, `Total: ${view.total}`, `Confirmation PDF: ${extra.pdfUrl}`],
      };
    case 'CONFIRMED':
      return {
        subject: `Your stay at ${property.name} is confirmed (${reservation.code})`,
        lead: `Your booking is confirmed. We look forward to welcoming you.`,
        details: [`Stay: ${stay}`, `Check-in from ${view.checkInTime}`, `Total: ${view.total}`, `Confirmation PDF: ${extra.pdfUrl}`],
      };
    case 'CANCELLED':
      return {
        subject: `Your booking ${reservation.code} is cancelled`,
        lead: `Your booking at ${property.name} for ${stay} is cancelled.`,
        details: [view.refund ? `Refund: ${view.refund} (by the ${view.policy.split(':')[0]!.toLowerCase()} cancellation policy)` : 'No refund is due.', ...(extra.reason ? [`Reason: ${extra.reason}`] : [])],
      };
    case 'REJECTED':
      return {
        subject: `${property.name} could not accept booking ${reservation.code}`,
        lead: `We are sorry: the host could not accept your booking for ${stay}. Nothing is charged.`,
        details: extra.reason ? [`Reason: ${extra.reason}`] : [],
      };
    case 'EXPIRED':
      return {
        subject: `Your hold on ${property.name} expired (${reservation.code})`,
        lead: `We did not receive the payment in time, so the dates were released. You are welcome to book again.`,
      };
    case 'COMPLETED':
      return {
        subject: `Thank you for staying at ${property.name}`,
        lead: `We hope you enjoyed your stay. Would you tell future guests about it? Your review helps them choose.`,
        details: [`Stay: ${stay}`],
      };
    case 'PAYMENT_FAILED':
      return {
        subject: `Your payment for ${reservation.code} did not go through`,
        lead: `The payment for your booking at ${property.name} failed. Your dates are held until the hold expires: please try again.`,
        details: extra.message ? [`The bank said: ${extra.message}`] : [],
      };
  }
}

/** The HTML and plain-text versions of a guest email about a stay. */
export function reservationEmail(kind: EmailKind, view: StayView, extra: { reason?: string | null; message?: string | null; pdfUrl: string }): Email {
  const { subject, lead, details = [] } = content(kind, view, extra);
  const greeting = `Hello ${view.reservation.guestName},`;
  const signature = `${view.host.businessName} via staygraph`;
  const text = [greeting, '', lead, '', ...details, '', `Reference: ${view.reservation.code}`, '', signature].join('\n');
  const html = `<!doctype html><html lang="${e(view.locale)}"><body style="font-family:Arial,sans-serif;color:#1f2933">
<p>${e(greeting)}</p><p>${e(lead)}</p>
${details.length ? `<ul>${details.map((line) => `<li>${e(line)}</li>`).join('')}</ul>` : ''}
<p>Reference: <b>${e(view.reservation.code)}</b></p><p style="color:#52606d">${e(signature)}</p></body></html>`;
  return { subject, text, html };
}
