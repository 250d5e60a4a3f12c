import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type OccupancySource = 'BLOCK' | 'RESERVATION';

/**
 * One row per active unavailability (a block, or a PENDING/CONFIRMED reservation). The table's exclusion
 * constraint `room_occupancies_no_overlap` forbids overlapping rows for a room.
 */
@Entity('room_occupancies')
export class RoomOccupancy {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  roomId: string;

  /** A half-open daterange literal, `[from,to)`. */
  @Column('daterange')
  stay: string;

  @Column('text')
  source: OccupancySource;

  @Column('uuid', { nullable: true })
  blockId: string | null;

  @Column('uuid', { nullable: true })
  reservationId: string | null;
}
