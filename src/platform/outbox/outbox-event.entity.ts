import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A domain event written in the same transaction as the change it announces, so a crash after the commit
 * loses nothing; its job (added in the same transaction) delivers it and marks it processed, retried or dead.
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

  /** When the next attempt is due (the job runner's backoff after a failure). */
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
}
