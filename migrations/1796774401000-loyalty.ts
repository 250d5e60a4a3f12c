import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (referrals, loyalty points, levels): every account's referral code (existing accounts get one
 * here), who referred whom, the append-only points ledger (a trigger refuses UPDATE and DELETE), the levels,
 * and on each reservation the referral discount and the points it redeemed.
 */
export class Loyalty1796774401000 implements MigrationInterface {
  name = 'Loyalty1796774401000';

  async up(db: QueryRunner): Promise<void> {
    // REF-XXXXXX from the alphabet of discount codes (no 0/O, 1/I/L). Volatile, so ADD COLUMN draws one per row.
    await db.query(`
      CREATE FUNCTION new_referral_code() RETURNS text LANGUAGE sql VOLATILE AS $$
        SELECT 'REF-' || string_agg(substr('ABCDEFGHJKMNPQRSTUVWXYZ23456789', 1 + floor(random() * 31)::int, 1), '')
          FROM generate_series(1, 6)
      $$`);
    await db.query(`ALTER TABLE users ADD COLUMN referral_code text NOT NULL DEFAULT new_referral_code()`);
    // A collision among existing accounts (1 in ~887 million per pair) draws again before the unique key.
    await db.query(`
      DO $$ BEGIN
        WHILE EXISTS (SELECT 1 FROM users GROUP BY referral_code HAVING count(*) > 1) LOOP
          UPDATE users SET referral_code = new_referral_code()
           WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY referral_code ORDER BY id) AS n FROM users) d WHERE n > 1);
        END LOOP;
      END $$`);
    await db.query(`ALTER TABLE users ADD CONSTRAINT users_referral_code_key UNIQUE (referral_code)`);
    await db.query(`ALTER TABLE users ADD COLUMN referred_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL CHECK (referred_by_user_id <> id)`);
    await db.query(`CREATE INDEX users_referred_by_idx ON users (referred_by_user_id) WHERE referred_by_user_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE loyalty_levels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CONSTRAINT loyalty_levels_name_key UNIQUE CHECK (length(name) BETWEEN 1 AND 40),
        min_completed_stays integer CHECK (min_completed_stays >= 0),
        min_points_earned bigint CHECK (min_points_earned >= 0),
        referral_basis_points integer NOT NULL CHECK (referral_basis_points BETWEEN 0 AND 10000),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (min_completed_stays IS NOT NULL OR min_points_earned IS NOT NULL)
      )`);
    await db.query(`
      INSERT INTO loyalty_levels (name, min_completed_stays, min_points_earned, referral_basis_points) VALUES
        ('Bronze', 0, NULL, 500), ('Silver', 3, 1000, 700), ('Gold', 10, 5000, 1000)`);

    await db.query(`
      CREATE TABLE loyalty_ledger (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        kind text NOT NULL CHECK (kind IN ('EARNED', 'REDEEMED', 'RETURNED', 'REFERRAL', 'ADJUSTED')),
        points bigint NOT NULL CHECK (points <> 0),
        reservation_id uuid REFERENCES reservations (id) ON DELETE RESTRICT,
        reason text CHECK (length(reason) <= 500),
        created_by uuid REFERENCES users (id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CHECK (kind = 'ADJUSTED' OR ((kind = 'REDEEMED') = (points < 0))),
        CHECK (kind <> 'ADJUSTED' OR (reason IS NOT NULL AND created_by IS NOT NULL)),
        CHECK (kind = 'ADJUSTED' OR reservation_id IS NOT NULL)
      )`);
    // Once per reservation and kind: one EARNED, one REDEEMED, one RETURNED, one REFERRAL.
    await db.query(`CREATE UNIQUE INDEX loyalty_ledger_once ON loyalty_ledger (reservation_id, kind) WHERE kind <> 'ADJUSTED'`);
    await db.query(`CREATE INDEX loyalty_ledger_user_idx ON loyalty_ledger (user_id, created_at, id)`);
    await db.query(`
      CREATE FUNCTION loyalty_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'loyalty_ledger is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER loyalty_ledger_append_only BEFORE UPDATE OR DELETE ON loyalty_ledger
        FOR EACH ROW EXECUTE FUNCTION loyalty_ledger_append_only()`);
    await db.query(`CREATE TRIGGER loyalty_ledger_no_truncate BEFORE TRUNCATE ON loyalty_ledger EXECUTE FUNCTION loyalty_ledger_append_only()`);

    await db.query(`
      ALTER TABLE reservations
        ADD COLUMN referrer_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        ADD COLUMN referral_discount_amount bigint NOT NULL DEFAULT 0 CHECK (referral_discount_amount >= 0),
        ADD COLUMN points_redeemed bigint NOT NULL DEFAULT 0 CHECK (points_redeemed >= 0),
        ADD COLUMN points_amount bigint NOT NULL DEFAULT 0 CHECK (points_amount >= 0)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reservations DROP COLUMN referrer_user_id, DROP COLUMN referral_discount_amount,
                    DROP COLUMN points_redeemed, DROP COLUMN points_amount`);
    await db.query(`DROP TABLE loyalty_ledger, loyalty_levels`);
    await db.query(`DROP FUNCTION loyalty_ledger_append_only()`);
    await db.query(`ALTER TABLE users DROP COLUMN referred_by_user_id, DROP COLUMN referral_code`);
    await db.query(`DROP FUNCTION new_referral_code()`);
  }
}
