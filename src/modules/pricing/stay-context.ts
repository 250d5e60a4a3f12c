import type { DataSource, EntityManager } from 'typeorm';
import { hydrate } from '../../db/hydrate';
import type { CalendarDate } from '../../platform/calendar-dates';
import { Property } from '../catalog/property.entity';
import { Room } from '../catalog/room.entity';
import { HostProfile } from '../profiles/host-profile.entity';
import { LengthOfStayDiscount } from './length-of-stay-discount.entity';
import { PricingRule } from './pricing-rule.entity';

/** What a quote reads about one room and stay, in one statement (one snapshot, one round trip). */
export interface StayContext {
  room: Room;
  property: Property;
  host: HostProfile;
  rules: PricingRule[];
  discounts: LengthOfStayDiscount[];
  /** Some reservation or block already holds a night of the stay. */
  occupied: boolean;
  /** Null for an anonymous quote; else who referred the viewer (if anyone) and whether they already booked. */
  guest: { referrer: string | null; booked: boolean } | null;
  /** md5 of the read as PostgreSQL wrote it: a booking checks under its lock that nothing it priced changed. */
  fingerprint: string;
}

interface StayContextJson {
  room: Record<string, unknown>;
  property: Record<string, unknown>;
  host: Record<string, unknown>;
  rules: Record<string, unknown>[];
  discounts: Record<string, unknown>[];
  occupied: boolean;
  referrer: string | null;
  booked: boolean;
}

/**
 * The room, its property and host, the property's pricing rules and length-of-stay discounts, whether the
 * nights are free and the viewer's referral facts: one statement (`staygraph_stay_context`, which the
 * booking function reads again under the room's lock) instead of seven one after the other. Null when the
 * room does not exist.
 * `lapsedStatuses`: reservations in these statuses do not count as the guest having booked.
 */
export async function readStayContext(
  db: DataSource,
  manager: EntityManager,
  stay: { roomId: string; checkIn: CalendarDate; checkOut: CalendarDate; viewerId: string | null; lapsedStatuses: readonly string[] },
): Promise<StayContext | null> {
  const [row] = await manager.query<{ context: StayContextJson | null; fingerprint: string | null }[]>(
    `SELECT c AS context, md5(c::text) AS fingerprint FROM staygraph_stay_context($1, $2, $3, $4, $5) AS c`,
    [stay.roomId, stay.checkIn, stay.checkOut, stay.viewerId, stay.lapsedStatuses],
  );
  const context = row?.context;
  if (!context) return null;
  return {
    room: hydrate(db, Room, context.room),
    property: hydrate(db, Property, context.property),
    host: hydrate(db, HostProfile, context.host),
    rules: context.rules.map((rule) => hydrate(db, PricingRule, rule)),
    discounts: context.discounts.map((discount) => hydrate(db, LengthOfStayDiscount, discount)),
    occupied: context.occupied,
    guest: stay.viewerId ? { referrer: context.referrer, booked: context.booked } : null,
    fingerprint: row.fingerprint!,
  };
}
