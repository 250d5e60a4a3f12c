import { type DataSource, type EntityManager, In } from 'typeorm';
import { z } from 'zod';
import { notFound, badInput } from '../../platform/errors';
import { type GraphQLInput, parseInput } from '../../platform/validation';
import { isCalendarDate } from '../../platform/calendar-dates';
import type { User } from '../accounts/user.entity';
import type { CatalogAccess } from '../catalog/catalog-access';
import { moneyInput, roomType } from '../catalog/catalog-validation';
import { Property } from '../catalog/property.entity';
import { Room } from '../catalog/room.entity';
import { LengthOfStayDiscount } from './length-of-stay-discount.entity';
import { PricingRule } from './pricing-rule.entity';

const percent = z.number().min(-99.99).max(1000).transform((value) => Math.round(value * 100));
const nights = z.number().int().min(1).max(365);
const date = z.string().refine(isCalendarDate, 'must be a date YYYY-MM-DD');

const settingsSchema = z.object({
  extraGuestFee: moneyInput.optional(),
  cleaningFee: moneyInput.optional(),
  lateCheckoutFee: moneyInput.nullish(),
  taxRatePercent: z.number().min(0).max(100).transform((value) => Math.round(value * 100)).optional(),
  minNights: nights.optional(),
  maxNights: nights.optional(),
  lengthOfStayDiscounts: z
    .array(z.object({ minNights: z.number().int().min(2).max(365), percent: z.number().min(0.01).max(100).transform((v) => Math.round(v * 100)) }))
    .max(20)
    .optional(),
});

const ruleSchema = z.object({
  propertyId: z.string(),
  name: z.string().trim().min(1, 'must not be empty').max(100),
  roomTypeCode: roomType.shape.code.nullish(),
  roomId: z.string().nullish(),
  dates: z.object({ from: date, to: date }).nullish(),
  weekdays: z.array(z.number().int().min(1, 'weekdays are 1 (Monday) to 7 (Sunday)').max(7, 'weekdays are 1 (Monday) to 7 (Sunday)')).min(1).max(7).nullish(),
  nightlyPrice: moneyInput.nullish(),
  percentChange: percent.nullish(),
  minNights: nights.nullish(),
  maxNights: nights.nullish(),
});

export type PricingSettingsInput = GraphQLInput<z.input<typeof settingsSchema>>;
export type PricingRuleInput = GraphQLInput<z.input<typeof ruleSchema>>;

/** Hosts manage the prices of their own properties; everyone may read them. */
export class PricingService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
  ) {}

  rulesByPropertyIds(propertyIds: readonly string[]): Promise<PricingRule[]> {
    return this.db.getRepository(PricingRule).find({
      where: { propertyId: In([...propertyIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  discountsByPropertyIds(propertyIds: readonly string[]): Promise<LengthOfStayDiscount[]> {
    return this.db.getRepository(LengthOfStayDiscount).find({
      where: { propertyId: In([...propertyIds]) },
      order: { minNights: 'ASC' },
    });
  }

  async updateSettings(viewer: User, propertyId: string, input: PricingSettingsInput): Promise<Property> {
    const changes = parseInput(settingsSchema, input);
    return this.db.transaction(async (manager) => {
      await this.access.assertManagesProperty(viewer, propertyId, manager);
      const property = await manager.findOneOrFail(Property, { where: { id: propertyId }, lock: { mode: 'pessimistic_write' } });
      const inCurrency = (field: string, money: { amount: number; currency: string }) => {
        if (money.currency !== property.currency) throw badInput(`${field}.currency`, `Prices of ${property.name} are in ${property.currency}`);
        return money.amount;
      };
      if (changes.extraGuestFee) property.extraGuestFeeAmount = inCurrency('extraGuestFee', changes.extraGuestFee);
      if (changes.cleaningFee) property.cleaningFeeAmount = inCurrency('cleaningFee', changes.cleaningFee);
      if (changes.lateCheckoutFee !== undefined) {
        property.lateCheckoutFeeAmount = changes.lateCheckoutFee ? inCurrency('lateCheckoutFee', changes.lateCheckoutFee) : null;
      }
      if (changes.taxRatePercent !== undefined) property.taxRateBasisPoints = changes.taxRatePercent;
      if (changes.minNights !== undefined) property.minNights = changes.minNights;
      if (changes.maxNights !== undefined) property.maxNights = changes.maxNights;
      if (property.minNights > property.maxNights) throw badInput('minNights', 'minNights cannot exceed maxNights');
      await manager.save(property);
      if (changes.lengthOfStayDiscounts) {
        const unique = new Set(changes.lengthOfStayDiscounts.map((d) => d.minNights));
        if (unique.size !== changes.lengthOfStayDiscounts.length) throw badInput('lengthOfStayDiscounts', 'One discount per minNights');
        await manager.delete(LengthOfStayDiscount, { propertyId });
        if (changes.lengthOfStayDiscounts.length) {
          await manager.insert(
            LengthOfStayDiscount,
            changes.lengthOfStayDiscounts.map((d) => ({ propertyId, minNights: d.minNights, percentBasisPoints: d.percent })),
          );
        }
      }
      return property;
    });
  }

  async createRule(viewer: User, input: PricingRuleInput): Promise<PricingRule> {
    const definition = parseInput(ruleSchema, input);
    return this.db.transaction(async (manager) => {
      const values = await this.ruleValues(viewer, manager, definition);
      return manager.save(manager.create(PricingRule, values));
    });
  }

  async updateRule(viewer: User, id: string, input: PricingRuleInput): Promise<PricingRule> {
    const definition = parseInput(ruleSchema, input);
    return this.db.transaction(async (manager) => {
      const rule = await manager.findOne(PricingRule, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!rule) throw notFound('Pricing rule');
      if (rule.propertyId !== definition.propertyId) throw badInput('propertyId', 'A rule cannot move to another property');
      Object.assign(rule, await this.ruleValues(viewer, manager, definition));
      return manager.save(rule);
    });
  }

  async deleteRule(viewer: User, id: string): Promise<boolean> {
    const rule = await this.db.getRepository(PricingRule).findOneBy({ id });
    if (!rule) throw notFound('Pricing rule');
    await this.access.assertManagesProperty(viewer, rule.propertyId);
    await this.db.getRepository(PricingRule).delete({ id });
    return true;
  }

  private async ruleValues(viewer: User, manager: EntityManager, rule: z.output<typeof ruleSchema>) {
    await this.access.assertManagesProperty(viewer, rule.propertyId, manager);
    const property = await manager.findOneByOrFail(Property, { id: rule.propertyId });
    if (rule.roomTypeCode && rule.roomId) throw badInput('roomId', 'Give roomTypeCode or roomId, not both');
    if (rule.roomId && !(await manager.existsBy(Room, { id: rule.roomId, propertyId: property.id }))) {
      throw badInput('roomId', 'That room is not part of this property');
    }
    if (rule.dates && rule.dates.to <= rule.dates.from) throw badInput('dates.to', 'dates.to must be after dates.from');
    if (!rule.dates && !rule.weekdays) throw badInput('dates', 'A rule needs dates, weekdays or both');
    if (rule.nightlyPrice && rule.percentChange != null) throw badInput('percentChange', 'Give nightlyPrice or percentChange, not both');
    const limits = rule.minNights != null || rule.maxNights != null;
    if (limits && !rule.dates) throw badInput('minNights', 'Nights limits belong to a date range');
    if (!limits && !rule.nightlyPrice && rule.percentChange == null) {
      throw badInput('nightlyPrice', 'A rule needs a price (nightlyPrice or percentChange) or a nights limit');
    }
    if (rule.minNights != null && rule.maxNights != null && rule.minNights > rule.maxNights) {
      throw badInput('minNights', 'minNights cannot exceed maxNights');
    }
    if (rule.nightlyPrice && rule.nightlyPrice.currency !== property.currency) {
      throw badInput('nightlyPrice.currency', `Prices of ${property.name} are in ${property.currency}`);
    }
    return {
      propertyId: property.id,
      name: rule.name,
      roomTypeCode: rule.roomTypeCode ?? null,
      roomId: rule.roomId ?? null,
      startsOn: rule.dates?.from ?? null,
      endsOn: rule.dates?.to ?? null,
      weekdays: rule.weekdays ? [...new Set(rule.weekdays)].sort() : null,
      nightlyAmount: rule.nightlyPrice?.amount ?? null,
      percentBasisPoints: rule.percentChange ?? null,
      minNights: rule.minNights ?? null,
      maxNights: rule.maxNights ?? null,
    };
  }
}
