import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Emails (issue 12): how a property collects payment (the wording of guest emails), the host's email
 * preferences, and the arrivals digests already sent (one per property and day, whatever runs it twice).
 */
export class Emails1796515200000 implements MigrationInterface {
  name = 'Emails1796515200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE properties ADD COLUMN payment_collection text NOT NULL DEFAULT 'ONLINE' CHECK (payment_collection IN ('ONLINE', 'AT_PROPERTY'))`);
    await db.query(`
      ALTER TABLE host_profiles
        ADD COLUMN notify_new_booking boolean NOT NULL DEFAULT true,
        ADD COLUMN notify_cancellation boolean NOT NULL DEFAULT true,
        ADD COLUMN notify_payment_failed boolean NOT NULL DEFAULT true,
        ADD COLUMN notify_arrivals_digest boolean NOT NULL DEFAULT true`);
    await db.query(`
      CREATE TABLE arrivals_digests (
        property_id uuid NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
        day date NOT NULL,
        arrivals integer NOT NULL,
        departures integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (property_id, day)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE arrivals_digests`);
    await db.query(`ALTER TABLE host_profiles DROP COLUMN notify_new_booking, DROP COLUMN notify_cancellation, DROP COLUMN notify_payment_failed, DROP COLUMN notify_arrivals_digest`);
    await db.query(`ALTER TABLE properties DROP COLUMN payment_collection`);
  }
}
