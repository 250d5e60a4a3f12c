import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type BlockSource = 'MANUAL' | 'EXTERNAL';

/**
 * A room closed for [startsOn, endsOn): by its host (MANUAL) or by an imported calendar event (EXTERNAL, with
 * its feed and event; src/modules/channel-sync/). Removing it keeps the row (removedAt) for history.
 */
@Entity('room_blocks')
export class RoomBlock {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  roomId: string;

  @Column('date')
  startsOn: string;

  @Column('date')
  endsOn: string;

  @Column('text', { nullable: true })
  reason: string | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column('text', { default: 'MANUAL' })
  source: BlockSource;

  @Column('uuid', { nullable: true })
  feedId: string | null;

  @Column('uuid', { nullable: true })
  feedEventId: string | null;

  /** The imported event's UID (kept when the event row goes, for history). */
  @Column('text', { nullable: true })
  feedEventUid: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  removedAt: Date | null;

  @Column('uuid', { nullable: true })
  removedBy: string | null;
}
