import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '../../db/column-transformers';
import { Timestamps } from '../../db/timestamps';

/**
 * A loyalty level (an achievement): reached by `minCompletedStays` completed stays or by `minPointsEarned`
 * points earned (either threshold; a null one is not a way in). The highest level reached is the one with
 * the largest referral percentage.
 */
@Entity('loyalty_levels')
export class LoyaltyLevel extends Timestamps {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('integer', { nullable: true })
  minCompletedStays: number | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  minPointsEarned: number | null;

  /** What the first booking of a guest this member referred takes off. */
  @Column('integer')
  referralBasisPoints: number;
}
