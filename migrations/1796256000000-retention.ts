import type { MaintenanceJobName } from '../src/config';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const JOBS_BEFORE: MaintenanceJobName[] = ['EXPIRE_HOLDS', 'COMPLETE_STAYS', 'REFRESH_CUSTOMER_STATS', 'PURGE_EXPIRED_TOKENS'];
const JOBS_AFTER: MaintenanceJobName[] = [...JOBS_BEFORE, 'PURGE_OLD_RECORDS'];
const list = (jobs: readonly string[]) => jobs.map((job) => `'${job}'`).join(', ');

/** The retention job (PURGE_OLD_RECORDS), and indexes that let it find old rows without a full scan. */
export class Retention1796256000000 implements MigrationInterface {
  name = 'Retention1796256000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE maintenance_runs DROP CONSTRAINT maintenance_runs_job_check`);
    await db.query(`ALTER TABLE maintenance_runs ADD CONSTRAINT maintenance_runs_job_check CHECK (job IN (${list(JOBS_AFTER)}))`);
    await db.query(`CREATE INDEX outbox_events_processed_idx ON outbox_events (processed_at) WHERE processed_at IS NOT NULL`);
    await db.query(`CREATE INDEX stripe_events_processed_idx ON stripe_events (processed_at) WHERE processed_at IS NOT NULL`);
    await db.query(`CREATE INDEX maintenance_runs_started_at_idx ON maintenance_runs (started_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX maintenance_runs_started_at_idx, stripe_events_processed_idx, outbox_events_processed_idx`);
    await db.query(`DELETE FROM maintenance_runs WHERE job = 'PURGE_OLD_RECORDS'`);
    await db.query(`ALTER TABLE maintenance_runs DROP CONSTRAINT maintenance_runs_job_check`);
    await db.query(`ALTER TABLE maintenance_runs ADD CONSTRAINT maintenance_runs_job_check CHECK (job IN (${list(JOBS_BEFORE)}))`);
  }
}
