import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11 (abuse): rate-limit counters in rate-limiter-flexible's PostgreSQL layout (the library is told the
 * table exists: this migration owns it), and failed sign-ins per (account, address), address and account.
 * The fixed-window table goes.
 */
export class AbuseLimits1796169600000 implements MigrationInterface {
  name = 'AbuseLimits1796169600000';

  async up(db: QueryRunner): Promise<void> {
    // key: "<namespace>:<who>|<window seconds>|<window index>"; expire: epoch milliseconds (the library's clock).
    await db.query(`
      CREATE TABLE rate_limit_points (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
    await db.query(`CREATE INDEX rate_limit_points_expire_idx ON rate_limit_points (expire)`);
    await db.query(`DROP TABLE rate_limit_counters`);

    // key: "pair:<account digest>:<address>", "address:<address>" or "account:<account digest>".
    await db.query(`
      CREATE TABLE login_failures (
        key text PRIMARY KEY,
        failures integer NOT NULL CHECK (failures >= 0),
        last_failure_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX login_failures_last_failure_idx ON login_failures (last_failure_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE login_failures, rate_limit_points`);
    await db.query(`
      CREATE TABLE rate_limit_counters (
        key text NOT NULL,
        window_start timestamptz NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (key, window_start)
      )`);
  }
}
