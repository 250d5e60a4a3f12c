import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamps } from '../../db/timestamps';

/** Issues percentage codes PREFIX-XXXXXX valid for `validityDays` from their issue. Admins only. */
@Entity('discount_code_generators')
export class DiscountCodeGenerator extends Timestamps {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  prefix: string;

  @Column('integer')
  percentBasisPoints: number;

  @Column('integer')
  validityDays: number;

  @Column('integer', { nullable: true })
  maxUsesTotal: number | null;

  @Column('integer', { nullable: true })
  maxUsesPerGuest: number | null;

  @Column('boolean')
  basePriceOnly: boolean;

  @Column('uuid', { array: true, nullable: true })
  propertyIds: string[] | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;
}
