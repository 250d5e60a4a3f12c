import type { ActorRole } from './reservation-history.entity';
import type { ReservationStatus } from './reservation.entity';

/**
 * The reservation lifecycle as one explicit table. Each transition names who may perform it; conditions
 * that depend on the calendar (until check-in, after check-out …) are checked by the service with the
 * property's clock and time zone. Anything not listed is illegal: terminal states have no way out.
 */
export type Transition = 'CONFIRM' | 'REJECT' | 'CANCEL' | 'EXPIRE' | 'COMPLETE' | 'NO_SHOW';

interface TransitionRule {
  from: ReservationStatus;
  to: ReservationStatus;
  actors: readonly ActorRole[];
}

export const LIFECYCLE: Record<Transition, readonly TransitionRule[]> = {
  /** Payment succeeded (SYSTEM), or the host or an admin confirms a pay-at-property booking. */
  CONFIRM: [{ from: 'PENDING', to: 'CONFIRMED', actors: ['SYSTEM', 'HOST', 'ADMIN'] }],
  REJECT: [{ from: 'PENDING', to: 'REJECTED', actors: ['HOST', 'ADMIN'] }],
  /**
   * A guest cancels a CONFIRMED stay only until check-in (checked by the service). SYSTEM: payments, when
   * the whole payment was refunded at Stripe (no money holds the booking any more).
   */
  CANCEL: [
    { from: 'PENDING', to: 'CANCELLED', actors: ['GUEST', 'HOST', 'ADMIN', 'SYSTEM'] },
    { from: 'CONFIRMED', to: 'CANCELLED', actors: ['GUEST', 'HOST', 'ADMIN', 'SYSTEM'] },
  ],
  /** The hold elapsed: run by maintenance. */
  EXPIRE: [{ from: 'PENDING', to: 'EXPIRED', actors: ['SYSTEM'] }],
  /** After check-out: run by maintenance. */
  COMPLETE: [{ from: 'CONFIRMED', to: 'COMPLETED', actors: ['SYSTEM'] }],
  /** Once the check-in time has passed (checked by the service). */
  NO_SHOW: [{ from: 'CONFIRMED', to: 'NO_SHOW', actors: ['HOST', 'ADMIN'] }],
};

export const TERMINAL: readonly ReservationStatus[] = ['CANCELLED', 'REJECTED', 'EXPIRED', 'COMPLETED', 'NO_SHOW'];

/** Statuses that hold the room's dates. */
export const HOLDS_DATES: readonly ReservationStatus[] = ['PENDING', 'CONFIRMED'];

/** A host's bookings (HostProfile.totalBookings): stays that were confirmed and not cancelled. */
export const COUNTS_AS_BOOKING: readonly ReservationStatus[] = ['CONFIRMED', 'COMPLETED'];

export type TransitionCheck =
  | { ok: true; to: ReservationStatus }
  | { ok: false; reason: 'ILLEGAL_FROM_STATUS' }
  | { ok: false; reason: 'ACTOR_NOT_ALLOWED' };

export function checkTransition(transition: Transition, from: ReservationStatus, actor: ActorRole): TransitionCheck {
  const rule = LIFECYCLE[transition].find((candidate) => candidate.from === from);
  if (!rule) return { ok: false, reason: 'ILLEGAL_FROM_STATUS' };
  if (!rule.actors.includes(actor)) return { ok: false, reason: 'ACTOR_NOT_ALLOWED' };
  return { ok: true, to: rule.to };
}
