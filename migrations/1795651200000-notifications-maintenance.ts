import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox deliveries (one per event, channel and recipient), stored confirmation PDFs, maintenance runs. */
export class NotificationsMaintenance1795651200000 implements MigrationInterface {
  name = 'NotificationsMaintenance1795651200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE outbox_deliveries (
        event_id uuid NOT NULL REFERENCES outbox_events (id),
        channel text NOT NULL,
        recipient text NOT NULL,
        delivered_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (event_id, channel, recipient)
      )`);
    await db.query(`CREATE INDEX outbox_events_dead_idx ON outbox_events (dead_at) WHERE dead_at IS NOT NULL`);

    await db.query(`
      CREATE TABLE reservation_documents (
        reservation_id uuid PRIMARY KEY REFERENCES reservations (id),
        content bytea NOT NULL,
        sha256 text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);

    await db.query(`
      CREATE TABLE maintenance_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        job text NOT NULL CHECK (job IN ('EXPIRE_HOLDS', 'COMPLETE_STAYS', 'REFRESH_CUSTOMER_STATS', 'PURGE_EXPIRED_TOKENS')),
        trigger text NOT NULL CHECK (trigger IN ('CRON', 'MANUAL')),
        scheduled_for timestamptz,
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz,
        counts jsonb,
        error text,
        CHECK ((trigger = 'CRON') = (scheduled_for IS NOT NULL))
      )`);
    // The claimed row: however many instances fire a schedule, one insert per (job, tick) succeeds.
    await db.query(`CREATE UNIQUE INDEX maintenance_runs_schedule_key ON maintenance_runs (job, scheduled_for) WHERE trigger = 'CRON'`);
    await db.query(`CREATE INDEX maintenance_runs_started_idx ON maintenance_runs (job, started_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE maintenance_runs, reservation_documents, outbox_deliveries`);
    await db.query(`DROP INDEX IF EXISTS outbox_events_dead_idx`);
  }
}
