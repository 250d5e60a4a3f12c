import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { safeInteger } from '../../db/column-transformers';
import { decodeCursor, encodeCursor, pageSize } from '../../db/pagination';
import { addDays, daysBetween } from '../../platform/calendar-dates';
import type { Clock } from '../../platform/clock';
import { badInput } from '../../platform/errors';
import { type Money, money } from '../../platform/money';
import { fields, type GraphQLInput, parseInput } from '../../platform/validation';
import type { User } from '../accounts/user.entity';
import { amenityList, propertyKind } from '../catalog/catalog-validation';
import type { CatalogAccess } from '../catalog/catalog-access';
import { averageNightlyPriceSql } from '../pricing/pricing-sql';
import { bookableStaySql, MAX_STAY_NIGHTS } from '../pricing/stay-rules';
import { Property } from '../catalog/property.entity';
import { Room } from '../catalog/room.entity';
import { hydrate } from '../../db/hydrate';
import type { ReadReplicas } from '../../db/read-replicas';
import type { SearchRecorder } from './search-recorder';

const searchSchema = z.object({
  checkIn: z.string(),
  checkOut: z.string(),
  guests: z.number().int().min(1, 'must be at least 1').max(50),
  city: z.string().trim().min(1).max(100).nullish(),
  country: fields.countryCode.nullish(),
  kind: propertyKind.nullish(),
  minPrice: z.number().int().min(0).nullish(),
  maxPrice: z.number().int().min(0).nullish(),
  currency: fields.currencyCode.nullish(),
  amenities: amenityList.nullish(),
  sort: z.enum(['PRICE_ASC', 'PRICE_DESC', 'RATING', 'NAME']).nullish(),
  first: z.number().int().nullish(),
  after: z.string().nullish(),
});

export type SearchStays = GraphQLInput<z.input<typeof searchSchema>>;

export interface StaySearchResult {
  propertyId: string;
  availableRoomCount: number;
  minNightlyPrice: Money;
  maxNightlyPrice: Money;
  property: Property;
  /** Cheapest first. */
  rooms: Room[];
  /** The rooms per type, cheapest type first. */
  roomTypes: StaySearchRoomType[];
}

export interface StaySearchRoomType {
  roomType: { code: string; label: string };
  availableRoomCount: number;
  minNightlyPrice: Money;
  maxNightlyPrice: Money;
}

type SearchCriteria = z.output<typeof searchSchema>;

interface ResultRow {
  property_id: string;
  room_count: number;
  /** bigint: a string from the driver. */
  min_nightly: string;
  max_nightly: string;
  room_ids: string[];
  /** bigint strings, in the order of room_ids (cheapest first). */
  room_nightly: string[];
  total: number;
  property: Record<string, unknown>;
  rooms: Record<string, unknown>[];
}

const ORDER_BY = {
  PRICE_ASC: 'g.min_nightly ASC',
  PRICE_DESC: 'g.min_nightly DESC',
  RATING: 'p.rating DESC NULLS LAST, p.review_count DESC',
  NAME: 'lower(p.name) ASC',
} as const;

/**
 * A result's rooms grouped by type, from the prices the statement already computed (no extra SQL): rooms
 * and prices come cheapest first, so each type's first room is its cheapest and types keep that order.
 */
function roomTypesOf(row: ResultRow): StaySearchRoomType[] {
  const currency = row.property.currency as string;
  const types = new Map<string, StaySearchRoomType>();
  row.rooms.forEach((room, index) => {
    const code = room['room_type_code'] as string;
    const nightly = money(safeInteger(row.room_nightly[index]!), currency);
    const type = types.get(code);
    if (type) {
      type.availableRoomCount += 1;
      type.maxNightlyPrice = nightly;
    } else {
      types.set(code, { roomType: { code, label: room['room_type_label'] as string }, availableRoomCount: 1, minNightlyPrice: nightly, maxNightlyPrice: nightly });
    }
  });
  return [...types.values()];
}

/** Stay search: properties with rooms free for the whole stay that fit the party, in one SQL statement. */
export class SearchService {
  constructor(
    private readonly db: DataSource,
    /** Search reads a replica when there is one: a night shown free for a moment is refused at booking. */
    private readonly replicas: ReadReplicas,
    private readonly access: CatalogAccess,
    private readonly clock: Clock,
    private readonly recorder: SearchRecorder,
  ) {}

  async search(viewer: User | null, input: SearchStays) {
    const criteria = this.parse(input);
    const limit = pageSize(criteria.first);
    const offset = criteria.after ? Number(decodeCursor(criteria.after, ['offset'])[0]) : 0;
    const { sql, parameters } = this.statement(criteria, { limit: limit + 1, offset });
    const rows = await this.replicas.query<ResultRow[]>(sql, parameters);
    const totalCount = rows[0]?.total ?? (offset > 0 ? await this.countResults(criteria) : 0);
    // Only the first page records the search: paging through its results is the same search.
    if (!criteria.after) {
      this.recorder.record({
        userId: viewer?.id ?? null,
        checkIn: criteria.checkIn,
        checkOut: criteria.checkOut,
        guests: criteria.guests,
        city: criteria.city ?? null,
        country: criteria.country ?? null,
        kind: criteria.kind ?? null,
        resultCount: totalCount,
      });
    }

    const edges = rows.slice(0, limit).map((row, index) => ({
      cursor: encodeCursor([offset + index + 1]),
      node: {
        propertyId: row.property_id,
        availableRoomCount: row.room_count,
        minNightlyPrice: money(safeInteger(row.min_nightly), row.property.currency as string),
        maxNightlyPrice: money(safeInteger(row.max_nightly), row.property.currency as string),
        property: hydrate(this.db, Property, row.property),
        rooms: row.rooms.map((room) => hydrate(this.db, Room, room)),
        roomTypes: roomTypesOf(row),
      } satisfies StaySearchResult,
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }

  /**
   * The whole search as one statement: free rooms that fit, grouped per property, one page of them with
   * their property and room rows. The search is recorded for demand statistics apart, in batches
   * (SearchRecorder). bench/search runs this same statement as its raw-SQL baseline.
   */
  statement(criteria: SearchCriteria, page: { limit: number; offset: number }): { sql: string; parameters: unknown[] } {
    const { sql: grouped, parameters } = this.groupedResults(criteria);
    const at = (value: unknown) => `$${parameters.push(value)}`;
    const sql = `${grouped},
      page AS (
        SELECT g.*, count(*) OVER ()::int AS total, row_number() OVER (ORDER BY ${ORDER_BY[criteria.sort ?? 'PRICE_ASC']}, p.id) AS position
          FROM g JOIN properties p ON p.id = g.property_id
         ORDER BY position LIMIT ${at(page.limit)} OFFSET ${at(page.offset)}
      )
      SELECT page.*, to_jsonb(p) AS property,
             (SELECT jsonb_agg(to_jsonb(r) ORDER BY array_position(page.room_ids, r.id)) FROM rooms r WHERE r.id = ANY(page.room_ids)) AS rooms
        FROM page JOIN properties p ON p.id = page.property_id
       ORDER BY page.position`;
    return { sql, parameters };
  }

  /** Candidate rooms grouped per property, as CTEs ending in `g`. */
  private groupedResults(criteria: SearchCriteria): { sql: string; parameters: unknown[] } {
    const parameters: unknown[] = [criteria.checkIn, criteria.checkOut, criteria.guests, this.clock.now()];
    const where: string[] = [];
    const add = (condition: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      where.push(condition(`$${parameters.length}`));
    };
    if (criteria.city) add((p) => `lower(p.city) = lower(${p})`, criteria.city);
    if (criteria.country) add((p) => `p.country = ${p}`, criteria.country);
    if (criteria.kind) add((p) => `p.kind = ${p}`, criteria.kind);
    if (criteria.currency) add((p) => `p.currency = ${p}`, criteria.currency);
    if (criteria.amenities?.length) add((p) => `(p.amenities || r.amenities) @> ${p}::text[]`, criteria.amenities);
    const priceBounds: string[] = [];
    const bound = (condition: (placeholder: string) => string, value: unknown) => {
      parameters.push(value);
      priceBounds.push(condition(`$${parameters.length}`));
    };
    if (criteria.minPrice != null) bound((p) => `nightly >= ${p}`, criteria.minPrice);
    if (criteria.maxPrice != null) bound((p) => `nightly <= ${p}`, criteria.maxPrice);

    const sql = `
      WITH free_rooms AS (
        SELECT r.id AS room_id, r.property_id, ${averageNightlyPriceSql('r', '$1::date', '$2::date')} AS nightly
          FROM rooms r
          JOIN properties p ON p.id = r.property_id
         WHERE ${this.access.publicPropertySql('p')}
           ${where.map((condition) => `AND ${condition}`).join('\n           ')}
           AND ${bookableStaySql({ room: 'r', property: 'p', checkIn: '$1::date', checkOut: '$2::date', guests: '$3::int', now: '$4::timestamptz' })}
      ),
      candidates AS (
        SELECT * FROM free_rooms ${priceBounds.length ? `WHERE ${priceBounds.join(' AND ')}` : ''}
      ),
      g AS (
        SELECT property_id, count(*)::int AS room_count, min(nightly)::bigint AS min_nightly, max(nightly)::bigint AS max_nightly,
               array_agg(room_id ORDER BY nightly, room_id) AS room_ids,
               array_agg(nightly ORDER BY nightly, room_id) AS room_nightly
          FROM candidates GROUP BY property_id
      )`;
    return { sql, parameters };
  }

  /** Validated criteria; checks the stay and that price bounds come with a currency. */
  parse(input: SearchStays): SearchCriteria {
    const criteria = parseInput(searchSchema, input);
    this.assertStay(criteria.checkIn, criteria.checkOut);
    if ((criteria.minPrice != null || criteria.maxPrice != null) && !criteria.currency) {
      throw badInput('currency', 'Price bounds need the currency they are expressed in');
    }
    return criteria;
  }

  /** A page past the end has no row to carry the total. */
  private async countResults(criteria: SearchCriteria): Promise<number> {
    const { sql, parameters } = this.groupedResults(criteria);
    const [row] = await this.replicas.query<{ total: number }[]>(`${sql} SELECT count(*)::int AS total FROM g`, parameters);
    return row?.total ?? 0;
  }

  private assertStay(checkIn: string, checkOut: string): void {
    for (const [field, value] of [['checkIn', checkIn], ['checkOut', checkOut]] as const) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw badInput(field, `${field} must be a date YYYY-MM-DD`);
    }
    const nights = daysBetween(checkIn, checkOut);
    if (nights <= 0) throw badInput('checkOut', 'checkOut must be after checkIn');
    if (nights > MAX_STAY_NIGHTS) throw badInput('checkOut', `A stay may last at most ${MAX_STAY_NIGHTS} nights`);
    // Yesterday in UTC is still today somewhere: the earliest check-in anyone can book.
    const earliest = addDays(this.clock.now().toISOString().slice(0, 10), -1);
    if (checkIn < earliest) throw badInput('checkIn', 'checkIn is in the past');
  }
}
