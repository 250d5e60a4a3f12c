import { type DataSource, type EntityManager, In } from 'typeorm';
import { z } from 'zod';
import { type Connection, type PageArgs, paginateByCreation } from '../../db/pagination';
import type { Clock } from '../../platform/clock';
import { readableSuffix } from '../../platform/readable-code';
import { badInput, conflict, forbidden, notFound } from '../../platform/errors';
import { type GraphQLInput, isUuid, parseInput } from '../../platform/validation';
import type { User } from '../accounts/user.entity';
import type { CatalogAccess } from '../catalog/catalog-access';
import { moneyInput, roomType } from '../catalog/catalog-validation';
import type { Property } from '../catalog/property.entity';
import type { Room } from '../catalog/room.entity';
import type { DiscountCodeTerms, DiscountOutcome, DiscountRejection } from '../pricing/discount-code-price';
import type { StatusChangeListener } from '../reservations/reservations.service';
import type { Reservation } from '../reservations/reservation.entity';
import { DiscountCode } from './discount-code.entity';
import { DiscountCodeGenerator } from './discount-code-generator.entity';

/** Codes are case-insensitive: stored and compared upper case. */
export const normalizeCode = (code: string) => code.trim().toUpperCase();

const codeText = z
  .string()
  .transform(normalizeCode)
  .pipe(z.string().regex(/^[A-Z0-9][A-Z0-9_-]{2,39}$/, 'use 3 to 40 letters, digits, dashes or underscores'));
const percent = z.number().min(0.01).max(100).transform((value) => Math.round(value * 100));
const uses = z.number().int().min(1).max(1_000_000);
const propertyIds = z.array(z.string()).min(1).max(100);

const codeSchema = z.object({
  code: codeText,
  percentOff: percent.nullish(),
  amountOff: moneyInput.nullish(),
  validFrom: z.coerce.date().nullish(),
  validUntil: z.coerce.date().nullish(),
  maxUsesTotal: uses.nullish(),
  maxUsesPerGuest: uses.nullish(),
  minTotal: moneyInput.nullish(),
  maxDiscount: moneyInput.nullish(),
  nights: z.enum(['ALL', 'WEEKDAYS', 'WEEKENDS']).nullish(),
  basePriceOnly: z.boolean().nullish(),
  propertyIds: propertyIds.nullish(),
  roomTypeCodes: z.array(roomType.shape.code).min(1).max(50).nullish(),
});
export type DiscountCodeInput = GraphQLInput<z.input<typeof codeSchema>>;

const generatorSchema = z.object({
  prefix: z
    .string()
    .transform(normalizeCode)
    .pipe(z.string().regex(/^[A-Z0-9]{2,12}$/, 'use 2 to 12 letters or digits')),
  percentOff: percent,
  validityDays: z.number().int().min(1).max(3650),
  maxUsesTotal: uses.nullish(),
  maxUsesPerGuest: uses.nullish(),
  basePriceOnly: z.boolean().nullish(),
  propertyIds: propertyIds.nullish(),
});
export type DiscountCodeGeneratorInput = GraphQLInput<z.input<typeof generatorSchema>>;

export const MAX_ISSUE = 100;

const RELEASING: Reservation['status'][] = ['CANCELLED', 'REJECTED', 'EXPIRED'];

/**
 * Discount codes: who may manage them, whether one applies to a stay (all but the price-dependent reasons,
 * which the pricing engine decides), the use a booking records and its release.
 */
export class DiscountCodesService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
    private readonly clock: Clock,
  ) {}

  // ---- Booking side --------------------------------------------------------------------------------

  /**
   * Locks the code row (FOR UPDATE) for the rest of the booking transaction, before any room calendar: every
   * booking with this code queues here, so the uses it counts next are exact. See "Discount codes" in
   * docs/architecture.md for why a row lock and why first.
   */
  async lockForBooking(manager: EntityManager, code: string): Promise<void> {
    await manager.query(`SELECT 1 FROM discount_codes WHERE code = $1 FOR UPDATE`, [normalizeCode(code)]);
  }

  /**
   * The code's terms for pricing when everything but the price holds; otherwise the first reason it does not
   * apply. Uses are counted as ACTIVE rows (exact inside a booking, which holds the code's lock).
   */
  async evaluate(
    manager: EntityManager,
    rawCode: string,
    stay: { viewer: User | null; property: Property; room: Room },
  ): Promise<DiscountCodeTerms | DiscountOutcome> {
    const code = normalizeCode(rawCode);
    const rejected = (reason: DiscountRejection): DiscountOutcome => ({ code, applied: false, reason });
    const found = await manager.findOneBy(DiscountCode, { code });
    if (!found) return rejected('UNKNOWN_CODE');
    // A personal (welcome) code: its owner's only. The guest is told so rather than UNKNOWN_CODE, so that a
    // code passed on from a friend does not look like a typing mistake.
    if (found.ownerUserId !== null && found.ownerUserId !== stay.viewer?.id) return rejected(stay.viewer ? 'NOT_YOURS' : 'SIGN_IN_REQUIRED');
    const now = this.clock.now();
    if (!found.active) return rejected('INACTIVE');
    if (found.validFrom && now < found.validFrom) return rejected('NOT_YET_VALID');
    if (found.validUntil && now >= found.validUntil) return rejected('EXPIRED');
    if (found.propertyIds && !found.propertyIds.includes(stay.property.id)) return rejected('NOT_FOR_PROPERTY');
    if (found.roomTypeCodes && !found.roomTypeCodes.includes(stay.room.roomTypeCode)) return rejected('NOT_FOR_ROOM_TYPE');
    if (found.currency !== null && found.currency !== stay.property.currency) return rejected('CURRENCY_MISMATCH');
    if (found.maxUsesPerGuest !== null && !stay.viewer) return rejected('SIGN_IN_REQUIRED');
    if (found.welcomePromotionId !== null && stay.viewer && (await this.hasCompletedStay(manager, stay.viewer.id))) {
      return rejected('NOT_FIRST_STAY');
    }
    if (found.maxUsesTotal !== null || found.maxUsesPerGuest !== null) {
      const [counts] = await manager.query<{ total: number; mine: number }[]>(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE guest_user_id = $2)::int AS mine
           FROM discount_code_uses WHERE discount_code_id = $1 AND status = 'ACTIVE'`,
        [found.id, stay.viewer?.id ?? null],
      );
      if (found.maxUsesTotal !== null && counts!.total >= found.maxUsesTotal) return rejected('USED_UP');
      if (found.maxUsesPerGuest !== null && counts!.mine >= found.maxUsesPerGuest) return rejected('USED_UP_BY_GUEST');
    }
    return {
      code,
      kind: found.kind,
      percentBasisPoints: found.percentBasisPoints,
      amount: found.amount,
      currency: found.currency,
      minTotal: found.minTotal,
      maxDiscount: found.maxDiscount,
      nights: found.nights,
      basePriceOnly: found.basePriceOnly,
    };
  }

  private async hasCompletedStay(manager: EntityManager, userId: string): Promise<boolean> {
    const rows = await manager.query(`SELECT 1 FROM reservations WHERE guest_user_id = $1 AND status = 'COMPLETED' LIMIT 1`, [userId]);
    return rows.length > 0;
  }

  /** Records the use of an applied code by a new reservation, in the booking's transaction. */
  async recordUse(manager: EntityManager, reservation: Reservation): Promise<void> {
    if (!reservation.discountCode) return;
    await manager.query(
      `INSERT INTO discount_code_uses (discount_code_id, reservation_id, guest_user_id, amount, currency)
       SELECT id, $2, $3, $4, $5 FROM discount_codes WHERE code = $1`,
      [reservation.discountCode, reservation.id, reservation.guestUserId, reservation.discountCodeAmount, reservation.currency],
    );
  }

  /** Cancellation, rejection and expiry give the use back, in the transaction of the status change. */
  readonly releaseOnStatusChange: StatusChangeListener = async ({ manager, reservation }) => {
    if (!RELEASING.includes(reservation.status)) return;
    await manager.query(
      `UPDATE discount_code_uses SET status = 'RELEASED', released_at = $2 WHERE reservation_id = $1 AND status = 'ACTIVE'`,
      [reservation.id, this.clock.now()],
    );
  };

  // ---- Management ----------------------------------------------------------------------------------

  async create(viewer: User, input: DiscountCodeInput, generatorId: string | null = null): Promise<DiscountCode> {
    const values = this.parseCode(input);
    await this.assertScope(viewer, values.propertyIds);
    const existing = await this.db.getRepository(DiscountCode).existsBy({ code: values.code });
    // The unique key decides a race between two creations (translated to the same CONFLICT).
    if (existing) throw conflict(`The code ${values.code} exists already`, { field: 'code' });
    return this.db.getRepository(DiscountCode).save({ ...values, generatorId, createdBy: viewer.id, ownerUserId: null, welcomePromotionId: null, active: true });
  }

  /** Replaces the code's definition; the uses it already has stay. */
  async update(viewer: User, id: string, input: DiscountCodeInput): Promise<DiscountCode> {
    const code = await this.findManaged(viewer, id);
    const values = this.parseCode(input);
    await this.assertScope(viewer, values.propertyIds);
    if (values.code !== code.code && (await this.db.getRepository(DiscountCode).existsBy({ code: values.code }))) {
      throw conflict(`The code ${values.code} exists already`, { field: 'code' });
    }
    return this.db.getRepository(DiscountCode).save({ ...code, ...values });
  }

  async deactivate(viewer: User, id: string): Promise<DiscountCode> {
    const code = await this.findManaged(viewer, id);
    code.active = false;
    return this.db.getRepository(DiscountCode).save(code);
  }

  /**
   * Admins: every code, or those usable at `propertyId` (including codes for every property). Hosts: the
   * codes limited to their own properties (or to `propertyId`, which must be theirs). `generatorId` narrows
   * either to the codes issued from one generator (an unknown id lists nothing).
   */
  async list(
    viewer: User,
    filter: { propertyId?: string | null; generatorId?: string | null },
    page: PageArgs,
  ): Promise<Connection<DiscountCode>> {
    const { propertyId, generatorId } = filter;
    const query = this.db.getRepository(DiscountCode).createQueryBuilder('code').where('TRUE');
    if (propertyId) {
      await this.access.assertManagesProperty(viewer, propertyId);
      query.andWhere(viewer.role === 'ADMIN' ? '(code.propertyIds IS NULL OR :propertyId = ANY (code.propertyIds))' : ':propertyId = ANY (code.propertyIds)', {
        propertyId,
      });
    } else if (viewer.role !== 'ADMIN') {
      query.andWhere(
        `code.propertyIds <@ ARRAY(SELECT p.id FROM properties p JOIN host_profiles h ON h.id = p.host_profile_id WHERE h.user_id = :userId)`,
        { userId: viewer.id },
      );
    }
    if (generatorId) {
      if (!isUuid(generatorId)) throw badInput('generatorId', 'generatorId must be a generator id');
      query.andWhere('code.generatorId = :generatorId', { generatorId });
    }
    return paginateByCreation(query, page);
  }

  /** Active uses per code, for the list's `uses` field (one query per page). */
  async useCounts(codeIds: readonly string[]): Promise<{ id: string; uses: number }[]> {
    return this.db.query(
      `SELECT discount_code_id AS id, count(*)::int AS uses FROM discount_code_uses
        WHERE discount_code_id = ANY ($1::uuid[]) AND status = 'ACTIVE' GROUP BY discount_code_id`,
      [codeIds],
    );
  }

  // ---- Generators (admins) -------------------------------------------------------------------------

  async createGenerator(viewer: User, input: DiscountCodeGeneratorInput): Promise<DiscountCodeGenerator> {
    const values = parseInput(generatorSchema, input);
    await this.assertScope(viewer, values.propertyIds ?? null);
    return this.db.getRepository(DiscountCodeGenerator).save({
      prefix: values.prefix,
      percentBasisPoints: values.percentOff,
      validityDays: values.validityDays,
      maxUsesTotal: values.maxUsesTotal ?? null,
      maxUsesPerGuest: values.maxUsesPerGuest ?? null,
      basePriceOnly: values.basePriceOnly ?? false,
      propertyIds: values.propertyIds ?? null,
      createdBy: viewer.id,
    });
  }

  generators(): Promise<DiscountCodeGenerator[]> {
    return this.db.getRepository(DiscountCodeGenerator).find({ order: { createdAt: 'DESC', id: 'DESC' }, take: 100 });
  }

  /**
   * `count` new codes PREFIX-XXXXXX (31 symbols, 6 places: 887 million per prefix), valid from now for the
   * generator's days. A drawn code that exists already is skipped by the unique key and drawn again.
   */
  async issue(viewer: User, generatorId: string, count: number): Promise<DiscountCode[]> {
    if (!Number.isInteger(count) || count < 1 || count > MAX_ISSUE) throw badInput('count', `count must be between 1 and ${MAX_ISSUE}`);
    const generator = await this.db.getRepository(DiscountCodeGenerator).findOneBy({ id: generatorId });
    if (!generator) throw notFound('Discount code generator');
    const validFrom = this.clock.now();
    const validUntil = new Date(validFrom.getTime() + generator.validityDays * 86_400_000);
    const ids: string[] = [];
    for (let attempts = 0; ids.length < count; attempts += 1) {
      if (attempts > count * 10) throw new Error(`could not draw ${count} free codes for ${generator.prefix}`);
      const rows = await this.db.query<{ id: string }[]>(
        `INSERT INTO discount_codes (code, kind, percent_basis_points, valid_from, valid_until, max_uses_total, max_uses_per_guest,
                                     base_price_only, property_ids, generator_id, created_by)
         VALUES ($1, 'PERCENT', $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (code) DO NOTHING RETURNING id`,
        [
          `${generator.prefix}-${readableSuffix()}`,
          generator.percentBasisPoints,
          validFrom,
          validUntil,
          generator.maxUsesTotal,
          generator.maxUsesPerGuest,
          generator.basePriceOnly,
          generator.propertyIds,
          generator.id,
          viewer.id,
        ],
      );
      if (rows[0]) ids.push(rows[0].id);
    }
    return this.db.getRepository(DiscountCode).find({ where: { id: In(ids) }, order: { code: 'ASC' } });
  }

  // ---- Rules of management -------------------------------------------------------------------------

  private parseCode(input: DiscountCodeInput) {
    const values = parseInput(codeSchema, input);
    if ((values.percentOff == null) === (values.amountOff == null)) throw badInput('percentOff', 'Give exactly one of percentOff and amountOff');
    const currencies = new Set([values.amountOff, values.minTotal, values.maxDiscount].filter((m) => m != null).map((m) => m.currency));
    if (currencies.size > 1) throw badInput('amountOff', 'amountOff, minTotal and maxDiscount must be in one currency');
    if (values.amountOff && values.amountOff.amount === 0) throw badInput('amountOff', 'amountOff must be more than zero');
    if (values.maxDiscount && values.maxDiscount.amount === 0) throw badInput('maxDiscount', 'maxDiscount must be more than zero');
    if (values.validFrom && values.validUntil && values.validFrom >= values.validUntil) {
      throw badInput('validUntil', 'validUntil must be after validFrom');
    }
    return {
      code: values.code,
      kind: values.percentOff != null ? ('PERCENT' as const) : ('FIXED' as const),
      percentBasisPoints: values.percentOff ?? null,
      amount: values.amountOff?.amount ?? null,
      currency: [...currencies][0] ?? null,
      validFrom: values.validFrom ?? null,
      validUntil: values.validUntil ?? null,
      maxUsesTotal: values.maxUsesTotal ?? null,
      maxUsesPerGuest: values.maxUsesPerGuest ?? null,
      minTotal: values.minTotal?.amount ?? null,
      maxDiscount: values.maxDiscount?.amount ?? null,
      nights: values.nights ?? ('ALL' as const),
      basePriceOnly: values.basePriceOnly ?? false,
      propertyIds: values.propertyIds ? [...new Set(values.propertyIds)] : null,
      roomTypeCodes: values.roomTypeCodes ? [...new Set(values.roomTypeCodes)] : null,
    };
  }

  /** Admins: any scope (the properties must exist). Hosts: only codes limited to their own properties. */
  private async assertScope(viewer: User, propertyIds: string[] | null): Promise<void> {
    if (!propertyIds) {
      if (viewer.role !== 'ADMIN') throw forbidden("A host's discount code must be limited to their own properties (propertyIds)");
      return;
    }
    for (const id of propertyIds) {
      if (!isUuid(id)) throw badInput('propertyIds', 'propertyIds must be property ids');
      await this.access.assertManagesProperty(viewer, id);
    }
  }

  private async findManaged(viewer: User, id: string): Promise<DiscountCode> {
    const code = await this.db.getRepository(DiscountCode).findOneBy({ id });
    if (!code) throw notFound('Discount code');
    if (viewer.role === 'ADMIN') return code;
    if (!code.propertyIds) throw forbidden('Only admins manage codes for every property');
    for (const propertyId of code.propertyIds) {
      if ((await this.access.ownerUserId(propertyId)) !== viewer.id) throw forbidden('This discount code is not limited to your properties');
    }
    return code;
  }
}
