import type { DataSource, EntityManager } from 'typeorm';
import { type CalendarDate, daysBetween, todayIn } from '../../platform/calendar-dates';
import type { Clock } from '../../platform/clock';
import { badInput, notFound } from '../../platform/errors';
import type { Property } from '../catalog/property.entity';
import { Room } from '../catalog/room.entity';
import { nightsLimits, type PriceBreakdown, priceStay } from './pricing-engine';
import type { PricingService } from './pricing.service';

export type QuoteProblemCode =
  | 'UNAVAILABLE'
  | 'MIN_NIGHTS'
  | 'MAX_NIGHTS'
  | 'TOO_MANY_GUESTS'
  | 'ROOM_INACTIVE'
  | 'CHECK_IN_IN_PAST'
  | 'LATE_CHECKOUT_NOT_OFFERED';

export interface StayRequest {
  roomId: string;
  checkIn: CalendarDate;
  checkOut: CalendarDate;
  guests: number;
  lateCheckout?: boolean | null;
}

export interface Quote {
  room: Room;
  property: Property;
  checkIn: CalendarDate;
  checkOut: CalendarDate;
  guests: number;
  lateCheckout: boolean;
  price: PriceBreakdown;
  problems: { code: QuoteProblemCode; message: string }[];
}

const MAX_QUOTED_NIGHTS = 365;

/** Prices a stay and says whether it can be booked: the single answer quotes, search and booking share. */
export class QuoteService {
  constructor(
    private readonly db: DataSource,
    private readonly pricing: PricingService,
    private readonly clock: Clock,
  ) {}

  /** `manager`: inside a booking's transaction, so availability is read under the room's lock. */
  async quote(request: StayRequest, manager: EntityManager = this.db.manager): Promise<Quote> {
    const nights = daysBetween(request.checkIn, request.checkOut);
    if (nights <= 0) throw badInput('checkOut', 'checkOut must be after checkIn');
    if (nights > MAX_QUOTED_NIGHTS) throw badInput('checkOut', `A stay may last at most ${MAX_QUOTED_NIGHTS} nights`);
    if (!Number.isInteger(request.guests) || request.guests < 1) throw badInput('guests', 'guests must be at least 1');

    const room = await manager.findOneBy(Room, { id: request.roomId });
    if (!room) throw notFound('Room');
    const { property, rules, discounts } = await this.pricing.context(manager, room.propertyId);

    const lateCheckout = request.lateCheckout ?? false;
    const price = priceStay(property, room, rules, discounts, { ...request, lateCheckout });
    const problems: Quote['problems'] = [];
    const problem = (code: QuoteProblemCode, message: string) => problems.push({ code, message });

    if (!room.active || !property.active) problem('ROOM_INACTIVE', 'This room is not open for booking');
    if (request.guests > room.maxGuests) problem('TOO_MANY_GUESTS', `${room.name} sleeps at most ${room.maxGuests}`);
    const limits = nightsLimits(property, room, rules, request.checkIn);
    if (nights < limits.minNights) problem('MIN_NIGHTS', `Stays starting ${request.checkIn} last at least ${limits.minNights} nights`);
    if (nights > limits.maxNights) problem('MAX_NIGHTS', `Stays starting ${request.checkIn} last at most ${limits.maxNights} nights`);
    if (request.checkIn < todayIn(property.timeZone, this.clock.now())) {
      problem('CHECK_IN_IN_PAST', `${request.checkIn} is in the past in ${property.timeZone}`);
    }
    if (lateCheckout && property.lateCheckoutFeeAmount === null) problem('LATE_CHECKOUT_NOT_OFFERED', `${property.name} offers no late check-out`);
    if (await this.overlaps(manager, room.id, request.checkIn, request.checkOut)) problem('UNAVAILABLE', 'Those dates are not available');

    return { room, property, checkIn: request.checkIn, checkOut: request.checkOut, guests: request.guests, lateCheckout, price, problems };
  }

  private async overlaps(manager: EntityManager, roomId: string, from: CalendarDate, to: CalendarDate): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM room_occupancies WHERE room_id = $1 AND stay && daterange($2, $3) LIMIT 1`, [roomId, from, to]);
    return rows.length > 0;
  }
}
