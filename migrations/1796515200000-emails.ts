import type { MigrationInterface, QueryRunner } from 'typeorm';

const JOBS_BEFORE = ['EXPIRE_HOLDS', 'COMPLETE_STAYS', 'REFRESH_CUSTOMER_STATS', 'PURGE_EXPIRED_TOKENS', 'PURGE_OLD_RECORDS'];
const JOBS_AFTER = [...JOBS_BEFORE, 'SEND_ARRIVALS_DIGEST'];
const list = (jobs: readonly string[]) => jobs.map((job) => `'${job}'`).join(', ');

/**
 * Emails (issue 12): how a property collects payment (the wording of guest emails), the host's email
 * preferences, and the arrivals digests already sent (one per property and day, whatever runs it twice),
 * run by the SEND_ARRIVALS_DIGEST maintenance job.
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
    await db.query(`ALTER TABLE maintenance_runs DROP CONSTRAINT maintenance_runs_job_check`);
    await db.query(`ALTER TABLE maintenance_runs ADD CONSTRAINT maintenance_runs_job_check CHECK (job IN (${list(JOBS_AFTER)}))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM maintenance_runs WHERE job = 'SEND_ARRIVALS_DIGEST'`);
    await db.query(`ALTER TABLE maintenance_runs DROP CONSTRAINT maintenance_runs_job_check`);
    await db.query(`ALTER TABLE maintenance_runs ADD CONSTRAINT maintenance_runs_job_check CHECK (job IN (${list(JOBS_BEFORE)}))`);
    await db.query(`DROP TABLE arrivals_digests`);
    await db.query(`ALTER TABLE host_profiles DROP COLUMN notify_new_booking, DROP COLUMN notify_cancellation, DROP COLUMN notify_payment_failed, DROP COLUMN notify_arrivals_digest`);
    await db.query(`ALTER TABLE properties DROP COLUMN payment_collection`);
  }
}
