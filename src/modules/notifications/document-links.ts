import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../platform/clock';

export type LinkCheck = 'VALID' | 'EXPIRED' | 'INVALID';

/**
 * Links to a reservation's document that open in a browser without a token: an HMAC over the reservation
 * and the expiry, checked in constant time. The link always serves the latest version, so the link in the
 * booking email shows the cancellation notice once the stay is cancelled. Apps keep the Bearer route.
 */
export class DocumentLinks {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlDays: number,
    private readonly publicUrl: string,
    private readonly clock: Clock,
  ) {}

  /** The signed, expiring link for emails. */
  signedUrl(reservationId: string): string {
    const expires = Math.floor(this.clock.now().getTime() / 1000) + this.ttlDays * 86_400;
    return `${this.publicUrl}/documents/${reservationId}.pdf?expires=${expires}&signature=${this.signature(reservationId, expires)}`;
  }

  /** The Bearer-authenticated download for apps (admins may add a version). */
  appUrl(reservationId: string, version?: number): string {
    return `${this.publicUrl}/reservations/${reservationId}/confirmation.pdf${version ? `?version=${version}` : ''}`;
  }

  /** A tampered or foreign signature is INVALID whatever its expiry; a genuine one past its expiry is EXPIRED. */
  check(reservationId: string, expires: unknown, signature: unknown): LinkCheck {
    if (typeof expires !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(expires)) return 'INVALID';
    const expected = Buffer.from(this.signature(reservationId, Number(expires)));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'INVALID';
    return Number(expires) * 1000 <= this.clock.now().getTime() ? 'EXPIRED' : 'VALID';
  }

  private signature(reservationId: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`reservation-document\n${reservationId.toLowerCase()}\n${expires}`).digest('base64url');
  }
}
