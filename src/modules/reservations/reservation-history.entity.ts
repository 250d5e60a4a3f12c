import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ReservationStatus } from './reservation.entity';

export type ActorRole = 'GUEST' | 'HOST' | 'ADMIN' | 'SYSTEM';

/**
 * One row per status change (and one for the booking itself, from null to PENDING), and one per room move
 * (the status unchanged, fromRoomId and toRoomId set).
 */
@Entity('reservation_history')
export class ReservationHistory {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Insertion order (a database identity): the order of events even when timestamps tie. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column('uuid')
  reservationId: string;

  @Column('text', { nullable: true })
  fromStatus: ReservationStatus | null;

  @Column('text')
  toStatus: ReservationStatus;

  @Column('uuid', { nullable: true })
  actorUserId: string | null;

  @Column('text')
  actorRole: ActorRole;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('timestamptz')
  at: Date;

  @Column('uuid', { nullable: true })
  fromRoomId: string | null;

  @Column('uuid', { nullable: true })
  toRoomId: string | null;
}
