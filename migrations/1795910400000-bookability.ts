import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A booking window per property (how far ahead a stay may end, two years by default); host profiles lose
 * their stored booking counter, which nothing kept up to date: it is counted from reservations instead.
 */
export class Bookability1795910400000 implements MigrationInterface {
  name = 'Bookability1795910400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE properties
        ADD COLUMN booking_window_days integer NOT NULL DEFAULT 730 CHECK (booking_window_days BETWEEN 1 AND 1825)`);
    await db.query(`ALTER TABLE host_profiles DROP COLUMN total_bookings`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE host_profiles ADD COLUMN total_bookings integer NOT NULL DEFAULT 0 CHECK (total_bookings >= 0)`);
    await db.query(`ALTER TABLE properties DROP COLUMN booking_window_days`);
  }
}
