import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Clock } from '../../platform/clock';
import { readableSuffix } from '../../platform/readable-code';
import { badInput, conflict, notFound } from '../../platform/errors';
import { type GraphQLInput, isUuid, parseInput } from '../../platform/validation';
import type { User } from '../accounts/user.entity';
import type { CatalogAccess } from '../catalog/catalog-access';
import { moneyInput } from '../catalog/catalog-validation';
import { DiscountCode } from './discount-code.entity';
import { WelcomePromotion } from './welcome-promotion.entity';

const schema = z.object({
  percentOff: z.number().min(0.01).max(100).transform((value) => Math.round(value * 100)),
  validityDays: z.number().int().min(1).max(3650),
  minTotal: moneyInput.nullish(),
  maxDiscount: moneyInput.nullish(),
  basePriceOnly: z.boolean().nullish(),
  propertyIds: z.array(z.string()).min(1).max(100).nullish(),
});
export type WelcomePromotionInput = GraphQLInput<z.input<typeof schema>>;

/**
 * The welcome promotion (admins) and the personal WELCOME-XXXXXX code it gives each new account: an ordinary
 * discount code with an owner, one use, valid for the promotion's days from registration. Whether a guest
 * may still use it (first stay only) is decided with the code's other reasons (DiscountCodesService).
 */
export class WelcomePromotionsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
    private readonly clock: Clock,
  ) {}

  /** The active promotion, or null. */
  active(manager: EntityManager = this.db.manager): Promise<WelcomePromotion | null> {
    return manager.findOneBy(WelcomePromotion, { active: true });
  }

  list(): Promise<WelcomePromotion[]> {
    return this.db.getRepository(WelcomePromotion).find({ order: { createdAt: 'DESC', id: 'DESC' }, take: 100 });
  }

  /** A second active promotion is CONFLICT: the partial unique index decides, also between two racing creations. */
  async create(viewer: User, input: WelcomePromotionInput): Promise<WelcomePromotion> {
    const values = await this.parse(viewer, input);
    if (await this.active()) throw conflict('A welcome promotion is active already: end it first');
    return this.db.getRepository(WelcomePromotion).save({ ...values, active: true, endedAt: null, createdBy: viewer.id });
  }

  /** New rules for the codes issued from now on; codes already issued keep theirs. */
  async update(viewer: User, id: string, input: WelcomePromotionInput): Promise<WelcomePromotion> {
    const promotion = await this.find(id);
    const values = await this.parse(viewer, input);
    return this.db.getRepository(WelcomePromotion).save({ ...promotion, ...values });
  }

  /** Registration stops issuing codes; those issued stay valid until their own end. */
  async end(id: string): Promise<WelcomePromotion> {
    const promotion = await this.find(id);
    if (!promotion.active) return promotion;
    return this.db.getRepository(WelcomePromotion).save({ ...promotion, active: false, endedAt: this.clock.now() });
  }

  /** In the registration transaction: the new account's personal code, or null without an active promotion. */
  async issueFor(manager: EntityManager, user: User): Promise<DiscountCode | null> {
    const promotion = await this.active(manager);
    if (!promotion) return null;
    const validFrom = this.clock.now();
    const validUntil = new Date(validFrom.getTime() + promotion.validityDays * 86_400_000);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const rows = await manager.query<{ id: string }[]>(
        `INSERT INTO discount_codes (code, kind, percent_basis_points, currency, valid_from, valid_until, max_uses_total,
                                     min_total, max_discount, base_price_only, property_ids, owner_user_id,
                                     welcome_promotion_id, created_by)
         VALUES ($1, 'PERCENT', $2, $3, $4, $5, 1, $6, $7, $8, $9, $10, $11, NULL)
         ON CONFLICT (code) DO NOTHING RETURNING id`,
        [
          `WELCOME-${readableSuffix()}`,
          promotion.percentBasisPoints,
          promotion.currency,
          validFrom,
          validUntil,
          promotion.minTotal,
          promotion.maxDiscount,
          promotion.basePriceOnly,
          promotion.propertyIds,
          user.id,
          promotion.id,
        ],
      );
      if (rows[0]) return manager.findOneByOrFail(DiscountCode, { id: rows[0].id });
    }
    throw new Error('could not draw a free WELCOME code');
  }

  private async find(id: string): Promise<WelcomePromotion> {
    const promotion = isUuid(id) ? await this.db.getRepository(WelcomePromotion).findOneBy({ id }) : null;
    if (!promotion) throw notFound('Welcome promotion');
    return promotion;
  }

  private async parse(viewer: User, input: WelcomePromotionInput) {
    const values = parseInput(schema, input);
    const currencies = new Set([values.minTotal, values.maxDiscount].filter((m) => m != null).map((m) => m.currency));
    if (currencies.size > 1) throw badInput('maxDiscount', 'minTotal and maxDiscount must be in one currency');
    if (values.maxDiscount && values.maxDiscount.amount === 0) throw badInput('maxDiscount', 'maxDiscount must be more than zero');
    for (const id of values.propertyIds ?? []) {
      if (!isUuid(id)) throw badInput('propertyIds', 'propertyIds must be property ids');
      await this.access.assertManagesProperty(viewer, id);
    }
    return {
      percentBasisPoints: values.percentOff,
      validityDays: values.validityDays,
      currency: [...currencies][0] ?? null,
      minTotal: values.minTotal?.amount ?? null,
      maxDiscount: values.maxDiscount?.amount ?? null,
      basePriceOnly: values.basePriceOnly ?? false,
      propertyIds: values.propertyIds ? [...new Set(values.propertyIds)] : null,
    };
  }
}
