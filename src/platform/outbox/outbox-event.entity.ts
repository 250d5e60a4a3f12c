import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A domain event written in the same transaction as the change it announces, so a crash after the commit
 * loses nothing; a worker delivers it (notifications) and marks it processed, retried or dead.
 */
@Entity('outbox_events')
export class OutboxEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  topic: string;

  @Column('uuid')
  aggregateId: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('timestamptz')
  createdAt: Date;

  @Column('timestamptz')
  availableAt: Date;

  @Column('integer')
  attempts: number;

  @Column('timestamptz', { nullable: true })
  processedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  deadAt: Date | null;

  @Column('text', { nullable: true })
  lastError: string | null;

  /** The lease of the instance delivering it (claim, commit, deliver, record): expires if that instance dies. */
  @Column('text', { nullable: true })
  claimedBy: string | null;

  @Column('timestamptz', { nullable: true })
  claimedUntil: Date | null;
}
