import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (promotions): discount codes, their uses and code generators. A use is one row per reservation;
 * a code's limits count its ACTIVE rows while the booking transaction holds the code row (FOR UPDATE), and
 * cancellation, rejection and expiry mark the use RELEASED in the transaction of the status change.
 */
export class DiscountCodes1796601600000 implements MigrationInterface {
  name = 'DiscountCodes1796601600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE discount_code_generators (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        prefix text NOT NULL CHECK (prefix ~ '^[A-Z0-9]{2,12}$'),
        percent_basis_points integer NOT NULL CHECK (percent_basis_points BETWEEN 1 AND 10000),
        validity_days integer NOT NULL CHECK (validity_days BETWEEN 1 AND 3650),
        max_uses_total integer CHECK (max_uses_total > 0),
        max_uses_per_guest integer CHECK (max_uses_per_guest > 0),
        base_price_only boolean NOT NULL DEFAULT false,
        property_ids uuid[],
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Codes are stored upper case (the CHECK), so the plain unique key is case-insensitive for clients.
    // owner_user_id: a personal code (later: welcome and referral codes), usable by that account only.
    await db.query(`
      CREATE TABLE discount_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CONSTRAINT discount_codes_code_key UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{2,39}$'),
        kind text NOT NULL CHECK (kind IN ('PERCENT', 'FIXED')),
        percent_basis_points integer CHECK (percent_basis_points BETWEEN 1 AND 10000),
        amount bigint CHECK (amount > 0),
        currency char(3),
        valid_from timestamptz,
        valid_until timestamptz,
        max_uses_total integer CHECK (max_uses_total > 0),
        max_uses_per_guest integer CHECK (max_uses_per_guest > 0),
        min_total bigint CHECK (min_total >= 0),
        max_discount bigint CHECK (max_discount > 0),
        nights text NOT NULL DEFAULT 'ALL' CHECK (nights IN ('ALL', 'WEEKDAYS', 'WEEKENDS')),
        base_price_only boolean NOT NULL DEFAULT false,
        property_ids uuid[] CHECK (cardinality(property_ids) > 0),
        room_type_codes text[] CHECK (cardinality(room_type_codes) > 0),
        owner_user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        generator_id uuid REFERENCES discount_code_generators (id) ON DELETE SET NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'PERCENT' AND percent_basis_points IS NOT NULL AND amount IS NULL)
            OR (kind = 'FIXED' AND amount IS NOT NULL AND percent_basis_points IS NULL AND currency IS NOT NULL)),
        CHECK ((min_total IS NULL AND max_discount IS NULL) OR currency IS NOT NULL),
        CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from < valid_until)
      )`);
    await db.query(`CREATE INDEX discount_codes_created_idx ON discount_codes (created_at, id)`);
    await db.query(`CREATE INDEX discount_codes_property_ids_idx ON discount_codes USING gin (property_ids)`);
    await db.query(`
      CREATE TABLE discount_code_uses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        discount_code_id uuid NOT NULL REFERENCES discount_codes (id) ON DELETE RESTRICT,
        reservation_id uuid NOT NULL UNIQUE REFERENCES reservations (id) ON DELETE CASCADE,
        guest_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        amount bigint NOT NULL CHECK (amount >= 0),
        currency char(3) NOT NULL,
        status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'RELEASED')),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        released_at timestamptz
      )`);
    await db.query(`CREATE INDEX discount_code_uses_active_idx ON discount_code_uses (discount_code_id, guest_user_id) WHERE status = 'ACTIVE'`);
    await db.query(`
      ALTER TABLE reservations
        ADD COLUMN discount_code text,
        ADD COLUMN discount_code_amount bigint NOT NULL DEFAULT 0 CHECK (discount_code_amount >= 0)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reservations DROP COLUMN discount_code, DROP COLUMN discount_code_amount`);
    await db.query(`DROP TABLE discount_code_uses, discount_codes, discount_code_generators`);
  }
}
