import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { type Connection, type PageArgs, paginateByCreation } from '../../db/pagination';
import type { Clock } from '../../platform/clock';
import { badInput, conflict, notFound } from '../../platform/errors';
import { fields, type GraphQLInput, isUuid, parseInput } from '../../platform/validation';
import { User } from '../accounts/user.entity';
import { type PointValues, pointsEarned } from '../pricing/points';
import type { StatusChangeListener } from '../reservations/reservations.service';
import type { Reservation } from '../reservations/reservation.entity';
import { LoyaltyEntry, type LoyaltyEntryKind } from './loyalty-entry.entity';
import { LoyaltyLevel } from './loyalty-level.entity';

export interface LoyaltySettings {
  /** Basis points of what was paid that a completed stay earns (LOYALTY_EARN_PERCENT). */
  earnBasisPoints: number;
  /** The share of a stay's total points may pay (LOYALTY_MAX_REDEEM_PERCENT). */
  maxRedeemPercent: number;
  /** What a point is worth, in minor units, per accepted currency (LOYALTY_POINT_VALUES). */
  pointValues: PointValues;
  /** What a referrer earns when the first stay of a guest they referred completes (LOYALTY_REFERRAL_POINTS). */
  referralPoints: number;
}

/** A referred guest's referral on a stay: applied to their first booking, else why not. */
export type ReferralOutcome =
  | { applied: true; referrerUserId: string; basisPoints: number }
  | { applied: false; referrerUserId: string; basisPoints: number; reason: 'NOT_FIRST_BOOKING' };

export type PricedReferral = ReferralOutcome & { amount: number; currency: string };
export interface PricedPoints {
  requested: number;
  reason: 'CURRENCY_NOT_ACCEPTED' | null;
  pointValue: number | null;
  redeemed: number;
  balance: number;
  maxRedeemable: number;
  amount: number;
  currency: string;
}
export interface ReferrerView {
  firstName: string;
  level: LoyaltyLevel | null;
}

export interface LoyaltyStanding {
  userId: string;
  balance: number;
  completedStays: number;
  pointsEarned: number;
  level: LoyaltyLevel | null;
  nextLevel: LoyaltyLevel | null;
}

const levelSchema = z.object({
  name: z.string().trim().min(1).max(40),
  minCompletedStays: z.number().int().min(0).max(100_000).nullish(),
  minPointsEarned: z.number().int().min(0).max(1_000_000_000).nullish(),
  referralPercent: z.number().min(0).max(100).transform((value) => Math.round(value * 100)),
});
export type LoyaltyLevelInput = GraphQLInput<z.input<typeof levelSchema>>;

const adjustSchema = z.object({
  points: z.number().int().min(-1_000_000_000).max(1_000_000_000).refine((value) => value !== 0, 'must not be zero'),
  reason: fields.shortText.pipe(z.string().min(3, 'give a reason')),
});

const RETURNING: Reservation['status'][] = ['CANCELLED', 'REJECTED', 'EXPIRED'];
const LAPSED: Reservation['status'][] = ['CANCELLED', 'REJECTED', 'EXPIRED'];

/** The order of levels: the larger referral percentage is the higher level (then the name). */
const higher = (a: LoyaltyLevel, b: LoyaltyLevel) => a.referralBasisPoints - b.referralBasisPoints || a.name.localeCompare(b.name);
const reached = (level: LoyaltyLevel, stays: number, earned: number) =>
  (level.minCompletedStays !== null && stays >= level.minCompletedStays) || (level.minPointsEarned !== null && earned >= level.minPointsEarned);

/**
 * Loyalty: referral links, the points ledger (earned at completion, redeemed in a booking, returned when it
 * falls through, referral points, admin adjustments) and levels. See "Loyalty" in docs/architecture.md.
 */
export class LoyaltyService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    readonly settings: LoyaltySettings,
  ) {}

  // ---- Booking side --------------------------------------------------------------------------------

  /**
   * The per-guest lock of a booking (after a code's, before any room calendar): the balance a redemption
   * checks and "no earlier booking" of a referral stay true until the booking commits. FOR NO KEY UPDATE, so
   * foreign keys to the account (a cancellation's ledger entry) do not wait on it.
   */
  async lockGuest(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE`, [userId]);
  }

  async balance(manager: EntityManager, userId: string): Promise<number> {
    const [row] = await manager.query<{ balance: string }[]>(`SELECT coalesce(sum(points), 0)::bigint AS balance FROM loyalty_ledger WHERE user_id = $1`, [userId]);
    return Number(row!.balance);
  }

  /** Reservations in these statuses do not make a guest "already booked" (a referral's first booking). */
  readonly lapsedStatuses: readonly string[] = LAPSED;

  /**
   * Null unless the viewer was referred; their first booking (no earlier one that stands) gets the referral.
   * The facts (`referrer`, `booked`, counted without lapsedStatuses) come from the quote's one read.
   */
  async referral(manager: EntityManager, guest: { referrer: string | null; booked: boolean } | null): Promise<ReferralOutcome | null> {
    if (!guest?.referrer) return null;
    const basisPoints = (await this.standing(guest.referrer, manager)).level?.referralBasisPoints ?? 0;
    if (guest.booked) return { applied: false, referrerUserId: guest.referrer, basisPoints, reason: 'NOT_FIRST_BOOKING' };
    return { applied: true, referrerUserId: guest.referrer, basisPoints };
  }

  /** The REDEEMED entry of a new booking, in its transaction (under the guest's lock). */
  async recordBooking(manager: EntityManager, reservation: Reservation): Promise<void> {
    if (reservation.pointsRedeemed > 0) {
      await this.append(manager, reservation.guestUserId, 'REDEEMED', -reservation.pointsRedeemed, reservation.id);
    }
  }

  /**
   * In the transaction of a status change: a stay that falls through gives its points back (RETURNED, once);
   * a completed stay earns its share of what was paid (EARNED, once), and a referred first stay the
   * referrer's points (REFERRAL, once). The unique key (reservation, kind) makes each happen once.
   */
  readonly onStatusChange: StatusChangeListener = async ({ manager, reservation }) => {
    if (RETURNING.includes(reservation.status) && reservation.pointsRedeemed > 0) {
      await this.append(manager, reservation.guestUserId, 'RETURNED', reservation.pointsRedeemed, reservation.id);
    }
    if (reservation.status === 'COMPLETED') {
      const earned = pointsEarned(reservation.totalAmount, reservation.currency, this.settings.earnBasisPoints, this.settings.pointValues);
      if (earned > 0) await this.append(manager, reservation.guestUserId, 'EARNED', earned, reservation.id);
      if (reservation.referrerUserId && this.settings.referralPoints > 0) {
        await this.append(manager, reservation.referrerUserId, 'REFERRAL', this.settings.referralPoints, reservation.id);
      }
    }
  };

  // ---- Guests --------------------------------------------------------------------------------------

  async standing(userId: string, manager: EntityManager = this.db.manager): Promise<LoyaltyStanding> {
    const [row] = await manager.query<{ balance: string; earned: string; stays: number }[]>(
      `SELECT coalesce(sum(points), 0)::bigint AS balance,
              coalesce(sum(points) FILTER (WHERE kind IN ('EARNED', 'REFERRAL')), 0)::bigint AS earned,
              (SELECT count(*)::int FROM reservations WHERE guest_user_id = $1 AND status = 'COMPLETED') AS stays
         FROM loyalty_ledger WHERE user_id = $1`,
      [userId],
    );
    const completedStays = row!.stays;
    const earned = Number(row!.earned);
    const levels = (await manager.find(LoyaltyLevel)).sort(higher);
    const level = levels.filter((candidate) => reached(candidate, completedStays, earned)).at(-1) ?? null;
    const nextLevel = levels.find((candidate) => (!level || higher(candidate, level) > 0) && !reached(candidate, completedStays, earned)) ?? null;
    return { userId, balance: Number(row!.balance), completedStays, pointsEarned: earned, level, nextLevel };
  }

  /** Admins: NOT_FOUND for an unknown user. */
  async standingOf(userId: string): Promise<LoyaltyStanding> {
    if (!isUuid(userId) || !(await this.db.getRepository(User).existsBy({ id: userId }))) throw notFound('User');
    return this.standing(userId);
  }

  history(userId: string, page: PageArgs): Promise<Connection<LoyaltyEntry>> {
    return paginateByCreation(this.db.getRepository(LoyaltyEntry).createQueryBuilder('entry').where('entry.userId = :userId', { userId }), page);
  }

  /** Public: a referral code's owner as a new guest may see them — the first name and the level only. */
  async referrer(code: string): Promise<ReferrerView> {
    const user = await this.db.getRepository(User).findOneBy({ referralCode: code.trim().toUpperCase() });
    if (!user) throw notFound('Referral code');
    return { firstName: user.fullName.trim().split(/\s+/)[0] ?? '', level: (await this.standing(user.id)).level };
  }

  // ---- Admins --------------------------------------------------------------------------------------

  /** An ADJUSTED entry with its mandatory reason; the balance may not go below zero (CONFLICT). */
  async adjust(admin: User, userId: string, points: number, reason: string): Promise<LoyaltyEntry> {
    const values = parseInput(adjustSchema, { points, reason });
    if (!isUuid(userId)) throw badInput('userId', 'userId must be a user id');
    return this.db.transaction(async (manager) => {
      if (!(await manager.existsBy(User, { id: userId }))) throw notFound('User');
      await this.lockGuest(manager, userId);
      if ((await this.balance(manager, userId)) + values.points < 0) {
        throw conflict('The balance cannot go below zero', { field: 'points' });
      }
      return this.append(manager, userId, 'ADJUSTED', values.points, null, values.reason, admin.id);
    });
  }

  levels(): Promise<LoyaltyLevel[]> {
    return this.db.getRepository(LoyaltyLevel).find().then((levels) => levels.sort(higher));
  }

  async createLevel(input: LoyaltyLevelInput): Promise<LoyaltyLevel> {
    return this.db.getRepository(LoyaltyLevel).save(this.parseLevel(input));
  }

  async updateLevel(id: string, input: LoyaltyLevelInput): Promise<LoyaltyLevel> {
    const level = isUuid(id) ? await this.db.getRepository(LoyaltyLevel).findOneBy({ id }) : null;
    if (!level) throw notFound('Loyalty level');
    return this.db.getRepository(LoyaltyLevel).save({ ...level, ...this.parseLevel(input) });
  }

  private parseLevel(input: LoyaltyLevelInput) {
    const values = parseInput(levelSchema, input);
    if (values.minCompletedStays == null && values.minPointsEarned == null) {
      throw badInput('minCompletedStays', 'Give minCompletedStays, minPointsEarned or both');
    }
    return {
      name: values.name,
      minCompletedStays: values.minCompletedStays ?? null,
      minPointsEarned: values.minPointsEarned ?? null,
      referralBasisPoints: values.referralPercent,
    };
  }

  private async append(
    manager: EntityManager,
    userId: string,
    kind: LoyaltyEntryKind,
    points: number,
    reservationId: string | null,
    reason: string | null = null,
    createdBy: string | null = null,
  ): Promise<LoyaltyEntry> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO loyalty_ledger (user_id, kind, points, reservation_id, reason, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (reservation_id, kind) WHERE kind <> 'ADJUSTED' DO NOTHING RETURNING id`,
      [userId, kind, points, reservationId, reason, createdBy, this.clock.now()],
    );
    const id = rows[0]?.id;
    return id
      ? manager.findOneByOrFail(LoyaltyEntry, { id })
      : manager.findOneByOrFail(LoyaltyEntry, { reservationId: reservationId!, kind });
  }
}
