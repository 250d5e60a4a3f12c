import { bigintAsNumber } from '../../db/column-transformers';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamps } from '../../db/timestamps';

export type PaymentProvider = 'STRIPE' | 'LOCAL';
export type PaymentStatus = 'REQUIRES_PAYMENT' | 'SUCCEEDED' | 'FAILED';

/** The one PaymentIntent of a reservation (LOCAL: the development stand-in without Stripe keys). */
@Entity('payments')
export class Payment extends Timestamps {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  reservationId: string;

  @Column('text')
  provider: PaymentProvider;

  @Column('text')
  intentId: string;

  @Column('bigint', { transformer: bigintAsNumber })
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  status: PaymentStatus;

  /** As Stripe reports it (charge.refunded), whoever started the refund. */
  @Column('bigint', { transformer: bigintAsNumber })
  amountRefunded: number;

  @Column('text', { nullable: true })
  failureMessage: string | null;


  @Column('timestamptz', { nullable: true })
  succeededAt: Date | null;
}
