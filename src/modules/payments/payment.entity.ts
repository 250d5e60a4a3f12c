import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type PaymentProvider = 'STRIPE' | 'LOCAL';
export type PaymentStatus = 'REQUIRES_PAYMENT' | 'SUCCEEDED' | 'FAILED';

/** The one PaymentIntent of a reservation (LOCAL: the development stand-in without Stripe keys). */
@Entity('payments')
export class Payment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  reservationId: string;

  @Column('text')
  provider: PaymentProvider;

  @Column('text')
  intentId: string;

  @Column('integer')
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  status: PaymentStatus;

  /** As Stripe reports it (charge.refunded), whoever started the refund. */
  @Column('integer')
  amountRefunded: number;

  @Column('text', { nullable: true })
  failureMessage: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  succeededAt: Date | null;
}
