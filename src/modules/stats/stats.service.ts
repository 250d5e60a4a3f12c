import type { DataSource } from 'typeorm';
import type { Clock } from '../../platform/clock';
import { badInput } from '../../platform/errors';
import { type Money, money } from '../../platform/money';
import { daysBetween } from '../../platform/calendar-dates';
import type { User } from '../accounts/user.entity';
import type { CatalogAccess } from '../catalog/catalog-access';
import { safeInteger } from '../../db/column-transformers';
import type { ReadReplicas } from '../../db/read-replicas';
import { divideRoundHalfUp } from '../pricing/rounding';
import type { ReservationStatus } from '../reservations/reservation.entity';

const STATUSES: ReservationStatus[] = ['PENDING', 'CONFIRMED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'COMPLETED', 'NO_SHOW'];
const TIERS = ['NEW', 'REGULAR', 'SUPER'] as const;

/**
 * Every figure is one SQL statement over the scope's properties: $1 from, $2 to (dates), $3 the property
 * ids (null: all), $4 now. Nothing is summed in Node but the per-currency divisions of ADR and RevPAR.
 */
// Every parameter is named here so that each statement uses (and types) all four, as PostgreSQL requires.
const SCOPE = `scope AS (
  SELECT id, time_zone, currency, $1::date AS period_from, $2::date AS period_to, $4::timestamptz AS now
    FROM properties WHERE $3::uuid[] IS NULL OR id = ANY ($3::uuid[]))`;
const SOLD = `('CONFIRMED', 'COMPLETED', 'NO_SHOW')`;
const IN_PERIOD = `r.check_in >= $1::date AND r.check_in < $2::date`;

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : 0);

export interface PropertyOccupancyRow {
  propertyId: string;
  bookedNights: number;
  availableNights: number;
  rate: number;
}

export interface StatsScope {
  from: string;
  to: string;
  propertyIds: string[] | null;
}

export class StatsService {
  /** One statement per figure group per request, however many of its fields the query asks for. */
  private readonly cache = new WeakMap<StatsScope, Map<string, Promise<unknown>>>();

  constructor(
    private readonly db: DataSource,
    /** Every figure reads a replica when there is one; the scope (who may see which properties) the primary. */
    private readonly replicas: ReadReplicas,
    private readonly access: CatalogAccess,
    private readonly clock: Clock,
    /** Writes searches still buffered in this process (SearchRecorder) before they are counted. */
    private readonly flushSearches: () => Promise<void> = async () => undefined,
  ) {}

  /** Admins see everything or one property; hosts their own properties (FORBIDDEN for another's). */
  async scope(viewer: User, from: string, to: string, propertyId?: string | null): Promise<StatsScope> {
    const days = daysBetween(from, to);
    if (days <= 0) throw badInput('to', 'to must be after from');
    if (days > 366) throw badInput('to', 'The period may span at most 366 days');
    if (propertyId) {
      await this.access.assertManagesProperty(viewer, propertyId);
      return { from, to, propertyIds: [propertyId] };
    }
    if (viewer.role === 'ADMIN') return { from, to, propertyIds: null };
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT p.id FROM properties p JOIN host_profiles h ON h.id = p.host_profile_id WHERE h.user_id = $1`,
      [viewer.id],
    );
    return { from, to, propertyIds: rows.map((row) => row.id) };
  }

  private once<T>(scope: StatsScope, key: string, compute: () => Promise<T>): Promise<T> {
    let entries = this.cache.get(scope);
    if (!entries) this.cache.set(scope, (entries = new Map()));
    if (!entries.has(key)) entries.set(key, compute());
    return entries.get(key) as Promise<T>;
  }

  private query<T>(scope: StatsScope, sql: string): Promise<T[]> {
    return this.replicas.query<T[]>(`WITH ${SCOPE}, ${sql}`, [scope.from, scope.to, scope.propertyIds, this.clock.now()]);
  }

  async reservationsByStatus(scope: StatsScope) {
    const rows = await this.query<{ status: ReservationStatus; count: number }>(
      scope,
      `counted AS (SELECT r.status, count(*)::int AS count FROM reservations r JOIN scope p ON p.id = r.property_id WHERE ${IN_PERIOD} GROUP BY r.status)
       SELECT * FROM counted`,
    );
    return STATUSES.map((status) => ({ status, count: rows.find((row) => row.status === status)?.count ?? 0 }));
  }

  /** Booked and available nights, per property, per month and in all (GROUPING SETS). */
  async occupancy(scope: StatsScope) {
    const rows = await this.query<{ property_id: string | null; month: string | null; booked: number; available: number; level: number }>(
      scope,
      `booked AS (
         SELECT r.property_id, to_char(d, 'YYYY-MM') AS month, count(*)::int AS nights
           FROM reservations r JOIN scope p ON p.id = r.property_id
          CROSS JOIN LATERAL generate_series(greatest(r.check_in, $1::date), least(r.check_out, $2::date) - 1, interval '1 day') AS d
          WHERE r.status IN ${SOLD} AND r.check_in < $2::date AND r.check_out > $1::date
          GROUP BY 1, 2),
       available AS (
         SELECT room.property_id, to_char(d, 'YYYY-MM') AS month, count(*)::int AS nights
           FROM rooms room JOIN scope p ON p.id = room.property_id
          CROSS JOIN generate_series($1::date, $2::date - 1, interval '1 day') AS d
          WHERE room.active
            AND NOT EXISTS (SELECT 1 FROM room_blocks b WHERE b.room_id = room.id AND b.removed_at IS NULL AND d >= b.starts_on AND d < b.ends_on)
          GROUP BY 1, 2),
       joined AS (
         SELECT coalesce(a.property_id, b.property_id) AS property_id, coalesce(a.month, b.month) AS month,
                coalesce(b.nights, 0) AS booked, coalesce(a.nights, 0) AS available
           FROM available a FULL JOIN booked b ON a.property_id = b.property_id AND a.month = b.month)
       SELECT property_id, month, sum(booked)::int AS booked, sum(available)::int AS available,
              GROUPING(property_id, month)::int AS level
         FROM joined GROUP BY GROUPING SETS ((property_id), (month), ())
         ORDER BY month NULLS FIRST, property_id NULLS FIRST`,
    );
    const total = rows.find((row) => row.level === 3) ?? { booked: 0, available: 0 };
    return {
      rate: ratio(total.booked, total.available),
      bookedNights: total.booked,
      availableNights: total.available,
      byProperty: rows
        .filter((row) => row.level === 1)
        .map((row) => ({ propertyId: row.property_id!, bookedNights: row.booked, availableNights: row.available, rate: ratio(row.booked, row.available) })),
      byMonth: rows
        .filter((row) => row.level === 2)
        .map((row) => ({ month: row.month!, bookedNights: row.booked, availableNights: row.available, rate: ratio(row.booked, row.available) })),
    };
  }

  /** Gross, refunded and net per currency; ADR and RevPAR from room revenue of the nights in the period. */
  async revenue(scope: StatsScope): Promise<{ currency: string; gross: Money; refunded: Money; net: Money; adr: Money; revpar: Money }[]> {
    // Sums are bigint in SQL (strings from the driver), read exactly or refused (safeInteger).
    const rows = await this.query<{ currency: string; gross: string; refunded: string; room_revenue: string; sold_nights: number; available_nights: number }>(
      scope,
      `sales AS (
         SELECT p.currency, sum(r.total_amount)::bigint AS gross, sum(coalesce(r.refund_amount, 0))::bigint AS refunded
           FROM reservations r JOIN scope p ON p.id = r.property_id
          WHERE ${IN_PERIOD}
            AND (r.status IN ${SOLD} OR (r.status = 'CANCELLED'
                 AND EXISTS (SELECT 1 FROM reservation_history h WHERE h.reservation_id = r.id AND h.to_status = 'CONFIRMED')))
          GROUP BY p.currency),
       rooms_sold AS (
         SELECT p.currency, sum((night->>'amount')::bigint)::bigint AS room_revenue, count(*)::int AS sold_nights
           FROM reservations r JOIN scope p ON p.id = r.property_id
          CROSS JOIN LATERAL jsonb_array_elements(r.price_snapshot->'nights') AS night
          WHERE r.status IN ${SOLD} AND (night->>'date')::date >= $1::date AND (night->>'date')::date < $2::date
          GROUP BY p.currency),
       capacity AS (
         SELECT p.currency, count(*)::int AS available_nights
           FROM rooms room JOIN scope p ON p.id = room.property_id
          CROSS JOIN generate_series($1::date, $2::date - 1, interval '1 day') AS d
          WHERE room.active
            AND NOT EXISTS (SELECT 1 FROM room_blocks b WHERE b.room_id = room.id AND b.removed_at IS NULL AND d >= b.starts_on AND d < b.ends_on)
          GROUP BY p.currency)
       SELECT s.currency, s.gross, s.refunded, coalesce(rs.room_revenue, 0) AS room_revenue,
              coalesce(rs.sold_nights, 0) AS sold_nights, coalesce(c.available_nights, 0) AS available_nights
         FROM sales s LEFT JOIN rooms_sold rs ON rs.currency = s.currency LEFT JOIN capacity c ON c.currency = s.currency
        ORDER BY s.currency`,
    );
    return rows.map((row) => {
      const [gross, refunded, roomRevenue] = [safeInteger(row.gross), safeInteger(row.refunded), safeInteger(row.room_revenue)];
      return {
        currency: row.currency,
        gross: money(gross, row.currency),
        refunded: money(refunded, row.currency),
        net: money(gross - refunded, row.currency),
        adr: money(row.sold_nights ? divideRoundHalfUp(roomRevenue, row.sold_nights) : 0, row.currency),
        revpar: money(row.available_nights ? divideRoundHalfUp(roomRevenue, row.available_nights) : 0, row.currency),
      };
    });
  }

  stayFigures(scope: StatsScope) {
    return this.once(scope, 'stayFigures', () => this.stayFiguresNow(scope));
  }

  private async stayFiguresNow(scope: StatsScope) {
    const [row] = await this.query<{ los: string | null; lead: string | null; cancelled: number; counted: number }>(
      scope,
      `period AS (SELECT r.*, p.time_zone FROM reservations r JOIN scope p ON p.id = r.property_id WHERE ${IN_PERIOD})
       SELECT round(avg(check_out - check_in) FILTER (WHERE status IN ${SOLD}), 2) AS los,
              round(avg(check_in - (created_at AT TIME ZONE time_zone)::date) FILTER (WHERE status IN ${SOLD}), 2) AS lead,
              count(*) FILTER (WHERE status = 'CANCELLED')::int AS cancelled,
              count(*) FILTER (WHERE status NOT IN ('EXPIRED', 'REJECTED'))::int AS counted
         FROM period`,
    );
    return {
      averageLengthOfStay: row?.los === null || row?.los === undefined ? null : Number(row.los),
      averageLeadTimeDays: row?.lead === null || row?.lead === undefined ? null : Number(row.lead),
      cancellationRate: ratio(row?.cancelled ?? 0, row?.counted ?? 0),
    };
  }

  guests(scope: StatsScope) {
    return this.once(scope, 'guests', () => this.guestsNow(scope));
  }

  private async guestsNow(scope: StatsScope) {
    const [split] = await this.query<{ new: number; returning: number }>(
      scope,
      `guests AS (SELECT DISTINCT r.guest_user_id FROM reservations r JOIN scope p ON p.id = r.property_id WHERE r.status IN ${SOLD} AND ${IN_PERIOD}),
       marked AS (
         SELECT g.guest_user_id, EXISTS (
           SELECT 1 FROM reservations r JOIN scope p ON p.id = r.property_id
            WHERE r.guest_user_id = g.guest_user_id AND r.status IN ${SOLD} AND r.check_in < $1::date) AS came_before
           FROM guests g)
       SELECT count(*) FILTER (WHERE NOT came_before)::int AS new, count(*) FILTER (WHERE came_before)::int AS returning FROM marked`,
    );
    const tiers = await this.query<{ tier: (typeof TIERS)[number]; count: number }>(
      scope,
      `customers AS (SELECT DISTINCT r.guest_user_id FROM reservations r JOIN scope p ON p.id = r.property_id WHERE r.status IN ${SOLD})
       SELECT s.tier, count(*)::int AS count FROM customers c JOIN customer_stats s ON s.user_id = c.guest_user_id GROUP BY s.tier`,
    );
    const top = await this.query<{ user_id: string; name: string; stays: number; nights: number }>(
      scope,
      `sold AS (SELECT r.* FROM reservations r JOIN scope p ON p.id = r.property_id WHERE r.status IN ${SOLD} AND ${IN_PERIOD})
       SELECT u.id AS user_id, u.full_name AS name, count(*)::int AS stays, sum(s.check_out - s.check_in)::int AS nights
         FROM sold s JOIN users u ON u.id = s.guest_user_id
        GROUP BY u.id, u.full_name ORDER BY nights DESC, stays DESC, u.full_name LIMIT 5`,
    );
    return {
      newGuests: split?.new ?? 0,
      returningGuests: split?.returning ?? 0,
      customersByTier: TIERS.map((tier) => ({ tier, count: tiers.find((row) => row.tier === tier)?.count ?? 0 })),
      topGuests: top.map((row) => ({ userId: row.user_id, name: row.name, stays: row.stays, nights: row.nights })),
    };
  }

  /** Arrivals, departures and stays in progress, relative to today in each property's time zone. */
  today(scope: StatsScope) {
    return this.once(scope, 'today', () => this.todayNow(scope));
  }

  private async todayNow(scope: StatsScope) {
    const [row] = await this.query<Record<string, number>>(
      scope,
      `local AS (SELECT r.status, r.check_in, r.check_out, ($4::timestamptz AT TIME ZONE p.time_zone)::date AS today
                   FROM reservations r JOIN scope p ON p.id = r.property_id)
       SELECT count(*) FILTER (WHERE status = 'CONFIRMED' AND check_in = today)::int AS "checkInsToday",
              count(*) FILTER (WHERE status = 'CONFIRMED' AND check_in > today AND check_in <= today + 7)::int AS "checkInsNext7Days",
              count(*) FILTER (WHERE status IN ('CONFIRMED', 'COMPLETED') AND check_out = today)::int AS "checkOutsToday",
              count(*) FILTER (WHERE status = 'CONFIRMED' AND check_out > today AND check_out <= today + 7)::int AS "checkOutsNext7Days",
              count(*) FILTER (WHERE status = 'CONFIRMED' AND check_in <= today AND check_out > today)::int AS "activeStays"
         FROM local`,
    );
    return row!;
  }

  /** Searches made in the period (UTC dates), by city and by lead time, and the reservations made then. */
  /**
   * Discount codes, in one statement: per currency the cost (what codes took off) and uses of stays checking
   * in within the period that still stand (not CANCELLED, REJECTED or EXPIRED), and the distinct codes used.
   */
  discounts(scope: StatsScope): Promise<{ byCurrency: { currency: string; cost: Money; uses: number }[]; codesUsed: number }> {
    return this.once(scope, 'discounts', async () => {
      const rows = await this.query<{ currency: string | null; cost: string; uses: number; codes: number }>(
        scope,
        `used AS (
           SELECT r.currency, r.discount_code, r.discount_code_amount
             FROM reservations r JOIN scope p ON p.id = r.property_id
            WHERE ${IN_PERIOD} AND r.discount_code IS NOT NULL AND r.status NOT IN ('CANCELLED', 'REJECTED', 'EXPIRED'))
         SELECT currency, sum(discount_code_amount)::bigint AS cost, count(*)::int AS uses, count(DISTINCT discount_code)::int AS codes
           FROM used GROUP BY GROUPING SETS ((currency), ()) ORDER BY currency NULLS FIRST`,
      );
      const total = rows.find((row) => row.currency === null);
      return {
        byCurrency: rows
          .filter((row) => row.currency !== null)
          .map((row) => ({ currency: row.currency!, cost: money(safeInteger(row.cost), row.currency!), uses: row.uses })),
        codesUsed: total?.codes ?? 0,
      };
    });
  }

  /**
   * Loyalty, in one statement, for stays checking in within the period: points issued on them (EARNED and
   * REFERRAL), points redeemed net of those returned, and referrals converted (completed referred first stays,
   * i.e. REFERRAL entries). Admin adjustments belong to no stay and are not counted.
   */
  loyalty(scope: StatsScope): Promise<{ pointsIssued: number; pointsRedeemed: number; referralsConverted: number }> {
    return this.once(scope, 'loyalty', async () => {
      const [row] = await this.query<{ issued: string; redeemed: string; referrals: number }>(
        scope,
        `entries AS (
           SELECT l.kind, l.points FROM loyalty_ledger l
             JOIN reservations r ON r.id = l.reservation_id JOIN scope p ON p.id = r.property_id
            WHERE ${IN_PERIOD})
         SELECT coalesce(sum(points) FILTER (WHERE kind IN ('EARNED', 'REFERRAL')), 0)::bigint AS issued,
                coalesce(-sum(points) FILTER (WHERE kind IN ('REDEEMED', 'RETURNED')), 0)::bigint AS redeemed,
                count(*) FILTER (WHERE kind = 'REFERRAL')::int AS referrals
           FROM entries`,
      );
      return { pointsIssued: safeInteger(row!.issued), pointsRedeemed: safeInteger(row!.redeemed), referralsConverted: row!.referrals };
    });
  }

  async searchDemand(scope: StatsScope) {
    await this.flushSearches();
    const cities = await this.query<{ city: string; searches: number; bookings: number }>(
      scope,
      `searched AS (
         SELECT lower(s.city) AS key, min(s.city) AS city, count(*)::int AS searches
           FROM search_requests s
          WHERE s.city IS NOT NULL AND s.created_at >= $1::date AND s.created_at < $2::date
            AND ($3::uuid[] IS NULL OR lower(s.city) IN (SELECT lower(city) FROM properties WHERE id = ANY ($3::uuid[])))
          GROUP BY lower(s.city)),
       booked AS (
         SELECT lower(p.city) AS key, count(*)::int AS bookings
           FROM reservations r JOIN properties p ON p.id = r.property_id JOIN scope ON scope.id = p.id
          WHERE r.created_at >= $1::date AND r.created_at < $2::date
          GROUP BY lower(p.city))
       SELECT s.city, s.searches, coalesce(b.bookings, 0) AS bookings FROM searched s LEFT JOIN booked b ON b.key = s.key
        ORDER BY s.searches DESC, s.city`,
    );
    const windows = await this.query<{ window: string; searches: number }>(
      scope,
      `searched AS (
         SELECT s.check_in - s.created_at::date AS lead
           FROM search_requests s
          WHERE s.created_at >= $1::date AND s.created_at < $2::date
            AND ($3::uuid[] IS NULL OR lower(s.city) IN (SELECT lower(city) FROM properties WHERE id = ANY ($3::uuid[]))))
       SELECT CASE WHEN lead <= 7 THEN '0-7' WHEN lead <= 30 THEN '8-30' WHEN lead <= 90 THEN '31-90' ELSE '91+' END AS window,
              count(*)::int AS searches
         FROM searched GROUP BY 1`,
    );
    const [totals] = await this.query<{ searches: number; bookings: number }>(
      scope,
      `totals AS (SELECT
         (SELECT count(*)::int FROM search_requests s WHERE s.created_at >= $1::date AND s.created_at < $2::date
             AND ($3::uuid[] IS NULL OR lower(s.city) IN (SELECT lower(city) FROM properties WHERE id = ANY ($3::uuid[])))) AS searches,
         (SELECT count(*)::int FROM reservations r JOIN scope p ON p.id = r.property_id WHERE r.created_at >= $1::date AND r.created_at < $2::date) AS bookings)
       SELECT * FROM totals`,
    );
    return {
      searches: totals?.searches ?? 0,
      bookings: totals?.bookings ?? 0,
      byCity: cities,
      byLeadTime: ['0-7', '8-30', '31-90', '91+'].map((window) => ({ window, searches: windows.find((row) => row.window === window)?.searches ?? 0 })),
    };
  }
}
