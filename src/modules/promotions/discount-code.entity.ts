import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '../../db/column-transformers';
import { Timestamps } from '../../db/timestamps';

export type DiscountKind = 'PERCENT' | 'FIXED';
export type DiscountNights = 'ALL' | 'WEEKDAYS' | 'WEEKENDS';

/**
 * A discount code (always stored upper case). Amounts (fixed amount, minimum total, maximum discount) are
 * minor units of `currency`; a PERCENT code without those has no currency and fits any property.
 * `ownerUserId` makes a code personal (welcome codes); `createdBy` null is the system.
 */
@Entity('discount_codes')
export class DiscountCode extends Timestamps {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  code: string;

  @Column('text')
  kind: DiscountKind;

  @Column('integer', { nullable: true })
  percentBasisPoints: number | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  amount: number | null;

  @Column('char', { length: 3, nullable: true })
  currency: string | null;

  @Column('timestamptz', { nullable: true })
  validFrom: Date | null;

  @Column('timestamptz', { nullable: true })
  validUntil: Date | null;

  @Column('integer', { nullable: true })
  maxUsesTotal: number | null;

  @Column('integer', { nullable: true })
  maxUsesPerGuest: number | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  minTotal: number | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  maxDiscount: number | null;

  @Column('text')
  nights: DiscountNights;

  @Column('boolean')
  basePriceOnly: boolean;

  @Column('uuid', { array: true, nullable: true })
  propertyIds: string[] | null;

  @Column('text', { array: true, nullable: true })
  roomTypeCodes: string[] | null;

  @Column('uuid', { nullable: true })
  ownerUserId: string | null;

  @Column('uuid', { nullable: true })
  generatorId: string | null;

  /** Set on a WELCOME-XXXXXX code: the welcome promotion registration issued it from. */
  @Column('uuid', { nullable: true })
  welcomePromotionId: string | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('boolean')
  active: boolean;
}
