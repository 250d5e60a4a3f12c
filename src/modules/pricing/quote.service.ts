import type { DataSource, EntityManager } from 'typeorm';
import { type CalendarDate, daysBetween, todayIn } from '../../platform/calendar-dates';
import type { Clock } from '../../platform/clock';
import { badInput, notFound } from '../../platform/errors';
import type { User } from '../accounts/user.entity';
import { type CatalogAccess, manages } from '../catalog/catalog-access';
import type { Property } from '../catalog/property.entity';
import type { Room } from '../catalog/room.entity';
import type { DiscountCodeTerms, DiscountOutcome } from './discount-code-price';
import type { ReferralOutcome } from '../loyalty/loyalty.service';
import { type PriceBreakdown, priceStay } from './pricing-engine';
import { maxRedeemable, type PointValues, withPoints } from './points';
import { readStayContext, type StayContext } from './stay-context';
import { MAX_STAY_NIGHTS, type StayProblem, type StayProblemCode, stayProblems } from './stay-rules';

export type QuoteProblemCode = StayProblemCode;

export interface StayRequest {
  roomId: string;
  checkIn: CalendarDate;
  checkOut: CalendarDate;
  guests: number;
  lateCheckout?: boolean | null;
  discountCode?: string | null;
  /** Loyalty points to pay with (up to the balance and LOYALTY_MAX_REDEEM_PERCENT of the total). */
  redeemPoints?: number | null;
}

/** The loyalty rules a quote needs (loyalty module): a referred guest's first booking, the points balance. */
export interface LoyaltyTerms {
  readonly settings: { maxRedeemPercent: number; pointValues: PointValues };
  readonly lapsedStatuses: readonly string[];
  referral(manager: EntityManager, guest: StayContext['guest']): Promise<ReferralOutcome | null>;
  balance(manager: EntityManager, userId: string): Promise<number>;
}

/** Points asked for and what the quote takes: min(requested, balance, maxRedeemable). */
export interface PointsQuote {
  requested: number;
  redeemed: number;
  balance: number;
  maxRedeemable: number;
  /** A point's worth in the stay's currency (minor units); null when points are not accepted in it. */
  pointValue: number | null;
  reason: 'CURRENCY_NOT_ACCEPTED' | null;
}

/** Whether a discount code applies to a stay, as far as the price does not decide (promotions module). */
export interface DiscountCodeEvaluator {
  evaluate(
    manager: EntityManager,
    code: string,
    stay: { viewer: User | null; property: Property; room: Room },
  ): Promise<DiscountCodeTerms | DiscountOutcome>;
}

export interface Quote {
  room: Room;
  property: Property;
  checkIn: CalendarDate;
  checkOut: CalendarDate;
  guests: number;
  lateCheckout: boolean;
  price: PriceBreakdown;
  problems: StayProblem[];
  /** Null unless the viewer was referred by another guest. */
  referral: ReferralOutcome | null;
  /** Null unless points were asked for. */
  points: PointsQuote | null;
  /** Of the read the quote priced (StayContext.fingerprint): a booking made from this quote checks it. */
  fingerprint: string;
}

/** Prices a stay and says whether it can be booked: the single answer quotes, search and booking share. */
export class QuoteService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
    private readonly clock: Clock,
    private readonly codes: DiscountCodeEvaluator,
    private readonly loyalty: LoyaltyTerms,
  ) {}

  /**
   * A room the viewer may not see (inactive, or its host not verified, and not theirs to manage) is
   * NOT_FOUND, as on every other path. `manager`: inside a booking's transaction, so availability is read
   * under the room's lock.
   */
  async quote(viewer: User | null, request: StayRequest, manager: EntityManager = this.db.manager): Promise<Quote> {
    const nights = daysBetween(request.checkIn, request.checkOut);
    if (nights <= 0) throw badInput('checkOut', 'checkOut must be after checkIn');
    if (nights > MAX_STAY_NIGHTS) throw badInput('checkOut', `A stay may last at most ${MAX_STAY_NIGHTS} nights`);
    if (!Number.isInteger(request.guests) || request.guests < 1) throw badInput('guests', 'guests must be at least 1');
    const requested = request.redeemPoints ?? 0;
    if (!Number.isSafeInteger(requested) || requested < 0) throw badInput('redeemPoints', 'redeemPoints must be a whole number, 0 or more');

    const context = await readStayContext(this.db, manager, {
      ...request,
      viewerId: viewer?.id ?? null,
      lapsedStatuses: this.loyalty.lapsedStatuses,
    });
    if (!context) throw notFound('Room');
    const { room, property, host, rules, discounts } = context;
    const visible = (room.active && this.access.isPublicProperty(property, host)) || manages(viewer, host.userId);
    if (!visible) throw notFound('Room');

    const lateCheckout = request.lateCheckout ?? false;
    const stay = { checkIn: request.checkIn, checkOut: request.checkOut, guests: request.guests, lateCheckout };
    // A code that does not apply never fails the quote: the quote says why (price.code).
    const code = request.discountCode?.trim() ? await this.codes.evaluate(manager, request.discountCode, { viewer, property, room }) : null;
    const referral = await this.loyalty.referral(manager, context.guest);
    let price = priceStay(property, room, rules, discounts, stay, code, referral?.applied ? referral.basisPoints : 0);
    let points: PointsQuote | null = null;
    if (requested > 0) {
      const balance = viewer ? await this.loyalty.balance(manager, viewer.id) : 0;
      const { maxRedeemPercent, pointValues } = this.loyalty.settings;
      const pointValue = pointValues.get(price.currency) ?? null;
      const limit = maxRedeemable(price.total, price.currency, maxRedeemPercent, pointValues);
      const reason = pointValue === null ? 'CURRENCY_NOT_ACCEPTED' : null;
      points = { requested, redeemed: Math.min(requested, balance, limit), balance, maxRedeemable: limit, pointValue, reason };
      if (points.redeemed > 0) price = withPoints(price, points.redeemed, pointValue!);
    }
    const problems = stayProblems({
      property,
      room,
      rules,
      hostBookable: this.access.hostIsPublic(host),
      stay,
      today: todayIn(property.timeZone, this.clock.now()),
      free: !context.occupied,
    });
    return { room, property, ...stay, price, problems, referral, points, fingerprint: context.fingerprint };
  }
}
