import type { MigrationInterface, QueryRunner } from 'typeorm';

const JOBS_BEFORE = ['EXPIRE_HOLDS', 'COMPLETE_STAYS', 'REFRESH_CUSTOMER_STATS', 'PURGE_EXPIRED_TOKENS', 'PURGE_OLD_RECORDS', 'SEND_ARRIVALS_DIGEST'];
const JOBS_AFTER = [...JOBS_BEFORE, 'SYNC_CALENDAR_FEEDS'];
const list = (jobs: readonly string[]) => jobs.map((job) => `'${job}'`).join(', ');

/**
 * Channel sync (issue 14). Export: one secret token per feed URL (a room, or a whole property), stored as its
 * SHA-256 only. Import: external feeds of a room, the events last read from each (one row per event, the
 * link between an event and its blocks), a log of runs, and conflicts with direct reservations. Imported
 * blocks are ordinary room_blocks with source EXTERNAL, so they share room_occupancies' exclusion constraint.
 */
export class ChannelSync1796860800000 implements MigrationInterface {
  name = 'ChannelSync1796860800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE calendar_export_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        property_id uuid NOT NULL REFERENCES properties (id),
        room_id uuid REFERENCES rooms (id),
        token_hash bytea NOT NULL UNIQUE,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    // One live URL per room and one per property: creating another rotates (revokes) the old one.
    await db.query(`
      CREATE UNIQUE INDEX calendar_export_tokens_live ON calendar_export_tokens (property_id, coalesce(room_id, '00000000-0000-0000-0000-000000000000'))
        WHERE revoked_at IS NULL`);
    await db.query(`
      CREATE TABLE calendar_feeds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL REFERENCES rooms (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        url text NOT NULL CHECK (length(url) <= 2000),
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        removed_at timestamptz,
        etag text,
        last_modified text,
        -- Events of the last applied (good) read; an empty read of a non-empty feed is counted, not applied.
        event_count integer NOT NULL DEFAULT 0,
        empty_reads integer NOT NULL DEFAULT 0,
        last_run_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX calendar_feeds_room_url ON calendar_feeds (room_id, url) WHERE removed_at IS NULL`);
    await db.query(`
      CREATE TABLE calendar_feed_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        feed_id uuid NOT NULL REFERENCES calendar_feeds (id),
        uid text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('RESERVED', 'NOT_AVAILABLE')),
        summary text,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        CHECK (starts_on < ends_on),
        UNIQUE (feed_id, uid)
      )`);
    await db.query(`ALTER TABLE room_blocks ADD COLUMN source text NOT NULL DEFAULT 'MANUAL' CHECK (source IN ('MANUAL', 'EXTERNAL'))`);
    await db.query(`ALTER TABLE room_blocks ADD COLUMN feed_id uuid REFERENCES calendar_feeds (id)`);
    await db.query(`ALTER TABLE room_blocks ADD COLUMN feed_event_id uuid REFERENCES calendar_feed_events (id) ON DELETE SET NULL`);
    await db.query(`ALTER TABLE room_blocks ADD COLUMN feed_event_uid text`);
    await db.query(`ALTER TABLE room_blocks ADD CONSTRAINT room_blocks_external_has_feed CHECK ((source = 'EXTERNAL') = (feed_id IS NOT NULL))`);
    await db.query(`CREATE INDEX room_blocks_feed_event_idx ON room_blocks (feed_event_id) WHERE removed_at IS NULL`);
    await db.query(`
      CREATE TABLE calendar_sync_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        feed_id uuid NOT NULL REFERENCES calendar_feeds (id),
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('OK', 'NOT_MODIFIED', 'KEPT_LAST_GOOD', 'FAILED')),
        events_seen integer NOT NULL DEFAULT 0,
        added integer NOT NULL DEFAULT 0,
        changed integer NOT NULL DEFAULT 0,
        removed integer NOT NULL DEFAULT 0,
        conflicts integer NOT NULL DEFAULT 0,
        error text,
        -- Orders runs that share a started_at (the clock a test holds still).
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`CREATE INDEX calendar_sync_runs_feed_idx ON calendar_sync_runs (feed_id, started_at DESC, recorded_at DESC)`);
    await db.query(`
      CREATE TABLE calendar_conflicts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        feed_id uuid NOT NULL REFERENCES calendar_feeds (id),
        feed_event_id uuid REFERENCES calendar_feed_events (id) ON DELETE SET NULL,
        event_uid text NOT NULL,
        reservation_id uuid NOT NULL REFERENCES reservations (id),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz
      )`);
    // One open conflict per (event, reservation): a repeated sync updates it instead of adding (and emailing) again.
    await db.query(`ALTER TABLE maintenance_runs DROP CONSTRAINT maintenance_runs_job_check`);
    await db.query(`ALTER TABLE maintenance_runs ADD CONSTRAINT maintenance_runs_job_check CHECK (job IN (${list(JOBS_AFTER)}))`);
    await db.query(`CREATE UNIQUE INDEX calendar_conflicts_open ON calendar_conflicts (feed_event_id, reservation_id) WHERE resolved_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM maintenance_runs WHERE job = 'SYNC_CALENDAR_FEEDS'`);
    await db.query(`ALTER TABLE maintenance_runs DROP CONSTRAINT maintenance_runs_job_check`);
    await db.query(`ALTER TABLE maintenance_runs ADD CONSTRAINT maintenance_runs_job_check CHECK (job IN (${list(JOBS_BEFORE)}))`);
    await db.query(`DROP TABLE calendar_conflicts, calendar_sync_runs`);
    await db.query(`ALTER TABLE room_blocks DROP COLUMN feed_event_uid, DROP COLUMN feed_event_id, DROP COLUMN feed_id, DROP COLUMN source`);
    await db.query(`DROP TABLE calendar_feed_events, calendar_feeds, calendar_export_tokens`);
  }
}
