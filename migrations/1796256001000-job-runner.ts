import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox and refunds move onto the job runner (graphile-worker, whose schema `migrate()` installs
 * before these migrations): the hand-written leases go, and every event still to deliver and refund still
 * to send gets its job, so nothing queued before the upgrade is forgotten.
 */
export class JobRunner1796256001000 implements MigrationInterface {
  name = 'JobRunner1796256001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbox_events DROP COLUMN claimed_by, DROP COLUMN claimed_until`);
    await db.query(`ALTER TABLE refunds DROP COLUMN claimed_by, DROP COLUMN claimed_until`);
    await db.query(`DROP INDEX outbox_events_pending_idx`);
    await db.query(`DROP INDEX refunds_queued_idx`);
    await db.query(`
      SELECT graphile_worker.add_job(identifier => 'outbox.deliver', payload => json_build_object('eventId', id), job_key => 'outbox:' || id, max_attempts => 100)
        FROM outbox_events WHERE processed_at IS NULL AND dead_at IS NULL`);
    await db.query(`
      SELECT graphile_worker.add_job(identifier => 'refund.send', payload => json_build_object('refundId', id), job_key => 'refund:' || id, max_attempts => 32767)
        FROM refunds WHERE status = 'QUEUED'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`SELECT graphile_worker.remove_job(key) FROM graphile_worker.jobs WHERE key LIKE 'outbox:%' OR key LIKE 'refund:%'`);
    await db.query(`CREATE INDEX refunds_queued_idx ON refunds (next_attempt_at) WHERE status = 'QUEUED'`);
    await db.query(`CREATE INDEX outbox_events_pending_idx ON outbox_events (available_at) WHERE processed_at IS NULL AND dead_at IS NULL`);
    await db.query(`ALTER TABLE refunds ADD COLUMN claimed_by text, ADD COLUMN claimed_until timestamptz`);
    await db.query(`ALTER TABLE outbox_events ADD COLUMN claimed_by text, ADD COLUMN claimed_until timestamptz`);
  }
}
