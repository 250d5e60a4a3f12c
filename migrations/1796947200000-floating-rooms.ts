import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Floating room assignments (issue 15). A reservation booked by room type is `movable`: until the property's
 * cut-off (`reassignment_cutoff_days` before check-in) a booking of the same type may move it to another room
 * of the type. Stays booked for a specific room never move. `room_moves` counts moves (the document shows the
 * room, so a moved stay's document depends on it). History rows of a move carry the rooms.
 *
 * `reservations_no_overlap` becomes DEFERRABLE (INITIALLY IMMEDIATE, so nothing else changes): a
 * re-arrangement swaps rooms between stays, which passes through overlaps inside one transaction; it defers
 * the check for its updates and sets it IMMEDIATE again right after them. The occupancy ledger's constraint
 * stays immediate (its rows are deleted before being inserted again).
 */
export class FloatingRooms1796947200000 implements MigrationInterface {
  name = 'FloatingRooms1796947200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE properties
        ADD COLUMN reassignment_cutoff_days integer NOT NULL DEFAULT 1 CHECK (reassignment_cutoff_days BETWEEN 0 AND 365)`);
    await db.query(`
      ALTER TABLE reservations
        ADD COLUMN movable boolean NOT NULL DEFAULT false,
        ADD COLUMN room_moves integer NOT NULL DEFAULT 0 CHECK (room_moves >= 0),
        DROP CONSTRAINT reservations_no_overlap,
        ADD CONSTRAINT reservations_no_overlap EXCLUDE USING gist (room_id WITH =, daterange(check_in, check_out) WITH &&)
          WHERE (status IN ('PENDING', 'CONFIRMED')) DEFERRABLE INITIALLY IMMEDIATE`);
    await db.query(`
      ALTER TABLE reservation_history
        ADD COLUMN from_room_id uuid REFERENCES rooms (id),
        ADD COLUMN to_room_id uuid REFERENCES rooms (id),
        ADD CHECK ((from_room_id IS NULL) = (to_room_id IS NULL))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reservation_history DROP COLUMN from_room_id, DROP COLUMN to_room_id`);
    await db.query(`
      ALTER TABLE reservations
        DROP CONSTRAINT reservations_no_overlap,
        ADD CONSTRAINT reservations_no_overlap EXCLUDE USING gist (room_id WITH =, daterange(check_in, check_out) WITH &&)
          WHERE (status IN ('PENDING', 'CONFIRMED')),
        DROP COLUMN movable, DROP COLUMN room_moves`);
    await db.query(`ALTER TABLE properties DROP COLUMN reassignment_cutoff_days`);
  }
}
