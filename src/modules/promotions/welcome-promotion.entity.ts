import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '../../db/column-transformers';
import { Timestamps } from '../../db/timestamps';

/**
 * The rules of the personal WELCOME-XXXXXX code each new account gets while this promotion is active (at most
 * one is: a partial unique index). Amounts are minor units of `currency`.
 */
@Entity('welcome_promotions')
export class WelcomePromotion extends Timestamps {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('integer')
  percentBasisPoints: number;

  @Column('integer')
  validityDays: number;

  @Column('char', { length: 3, nullable: true })
  currency: string | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  minTotal: number | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  maxDiscount: number | null;

  @Column('boolean')
  basePriceOnly: boolean;

  @Column('uuid', { array: true, nullable: true })
  propertyIds: string[] | null;

  @Column('boolean')
  active: boolean;

  @Column('timestamptz', { nullable: true })
  endedAt: Date | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;
}
