import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A host closing a room for [startsOn, endsOn). Removing it keeps the row (removedAt) for history. */
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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  removedAt: Date | null;

  @Column('uuid', { nullable: true })
  removedBy: string | null;
}
