import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pricing (settings, rules, length-of-stay discounts), reservations with their history, and the outbox.
 * A reservation holds its dates through room_occupancies (shared with blocks); reservations also carry
 * their own exclusion constraint, so two active bookings of a room can never overlap even if the ledger
 * were bypassed.
 */
export class Reservations1795478400000 implements MigrationInterface {
  name = 'Reservations1795478400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE properties
        ADD COLUMN extra_guest_fee_amount integer NOT NULL DEFAULT 0 CHECK (extra_guest_fee_amount >= 0),
        ADD COLUMN cleaning_fee_amount integer NOT NULL DEFAULT 0 CHECK (cleaning_fee_amount >= 0),
        ADD COLUMN late_checkout_fee_amount integer CHECK (late_checkout_fee_amount >= 0),
        ADD COLUMN tax_rate_basis_points integer NOT NULL DEFAULT 0 CHECK (tax_rate_basis_points BETWEEN 0 AND 10000),
        ADD COLUMN min_nights integer NOT NULL DEFAULT 1 CHECK (min_nights BETWEEN 1 AND 365),
        ADD COLUMN max_nights integer NOT NULL DEFAULT 90 CHECK (max_nights BETWEEN 1 AND 365),
        ADD CONSTRAINT properties_nights_order CHECK (min_nights <= max_nights)`);

    await db.query(`
      CREATE TABLE pricing_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        property_id uuid NOT NULL REFERENCES properties (id),
        room_type_code text,
        room_id uuid REFERENCES rooms (id),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        starts_on date,
        ends_on date,
        weekdays smallint[] CHECK (weekdays <@ ARRAY[1, 2, 3, 4, 5, 6, 7]::smallint[] AND cardinality(weekdays) > 0),
        nightly_amount integer CHECK (nightly_amount >= 0),
        percent_basis_points integer CHECK (percent_basis_points > -10000 AND percent_basis_points <= 100000),
        min_nights integer CHECK (min_nights BETWEEN 1 AND 365),
        max_nights integer CHECK (max_nights BETWEEN 1 AND 365),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        CHECK (room_type_code IS NULL OR room_id IS NULL),
        CHECK ((starts_on IS NULL) = (ends_on IS NULL) AND (starts_on IS NULL OR ends_on > starts_on)),
        CHECK (starts_on IS NOT NULL OR weekdays IS NOT NULL),
        CHECK (nightly_amount IS NULL OR percent_basis_points IS NULL),
        CHECK (min_nights IS NULL OR max_nights IS NULL OR min_nights <= max_nights),
        -- nights limits belong to date ranges ("at least 3 nights in August")
        CHECK ((min_nights IS NULL AND max_nights IS NULL) OR starts_on IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX pricing_rules_property_idx ON pricing_rules (property_id)`);

    await db.query(`
      CREATE TABLE length_of_stay_discounts (
        property_id uuid NOT NULL REFERENCES properties (id),
        min_nights integer NOT NULL CHECK (min_nights BETWEEN 2 AND 365),
        percent_basis_points integer NOT NULL CHECK (percent_basis_points BETWEEN 1 AND 10000),
        PRIMARY KEY (property_id, min_nights)
      )`);

    await db.query(`
      CREATE TABLE reservations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CHECK (code ~ '^SG-[0-9A-Z]{6}$'),
        property_id uuid NOT NULL REFERENCES properties (id),
        room_id uuid NOT NULL REFERENCES rooms (id),
        guest_user_id uuid NOT NULL REFERENCES users (id),
        status text NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'COMPLETED', 'NO_SHOW')),
        check_in date NOT NULL,
        check_out date NOT NULL,
        guests integer NOT NULL CHECK (guests >= 1),
        guest_name text NOT NULL,
        guest_email text NOT NULL,
        guest_phone text,
        special_requests text,
        late_checkout boolean NOT NULL DEFAULT false,
        currency char(3) NOT NULL,
        subtotal_amount integer NOT NULL,
        fees_amount integer NOT NULL,
        discount_amount integer NOT NULL,
        taxes_amount integer NOT NULL,
        total_amount integer NOT NULL CHECK (total_amount >= 0),
        price_snapshot jsonb NOT NULL,
        cancellation_policy text NOT NULL,
        hold_expires_at timestamptz,
        refund_amount integer CHECK (refund_amount >= 0 AND refund_amount <= total_amount),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (check_out > check_in),
        CONSTRAINT reservations_no_overlap EXCLUDE USING gist (room_id WITH =, daterange(check_in, check_out) WITH &&)
          WHERE (status IN ('PENDING', 'CONFIRMED'))
      )`);
    await db.query(`CREATE UNIQUE INDEX reservations_code_key ON reservations (code)`);
    await db.query(`CREATE INDEX reservations_guest_idx ON reservations (guest_user_id, check_in)`);
    await db.query(`CREATE INDEX reservations_property_idx ON reservations (property_id, check_in)`);
    await db.query(`CREATE INDEX reservations_pending_hold_idx ON reservations (hold_expires_at) WHERE status = 'PENDING'`);
    await db.query(`CREATE INDEX reservations_confirmed_checkout_idx ON reservations (check_out) WHERE status = 'CONFIRMED'`);
    await db.query(`CREATE INDEX reservations_created_idx ON reservations (created_at, id)`);

    await db.query(`
      ALTER TABLE room_occupancies
        ADD CONSTRAINT room_occupancies_reservation_fkey FOREIGN KEY (reservation_id) REFERENCES reservations (id)`);

    await db.query(`
      CREATE TABLE reservation_history (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- insertion order: the order of events, even when two share a timestamp
        seq bigint GENERATED ALWAYS AS IDENTITY,
        reservation_id uuid NOT NULL REFERENCES reservations (id),
        from_status text,
        to_status text NOT NULL,
        actor_user_id uuid REFERENCES users (id),
        actor_role text NOT NULL CHECK (actor_role IN ('GUEST', 'HOST', 'ADMIN', 'SYSTEM')),
        reason text,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`CREATE INDEX reservation_history_reservation_idx ON reservation_history (reservation_id, seq)`);

    // Written in the same transaction as the change it announces; delivered by the outbox worker.
    await db.query(`
      CREATE TABLE outbox_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        topic text NOT NULL,
        aggregate_id uuid NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        available_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        attempts integer NOT NULL DEFAULT 0,
        processed_at timestamptz,
        dead_at timestamptz,
        last_error text
      )`);
    await db.query(`CREATE INDEX outbox_events_pending_idx ON outbox_events (available_at) WHERE processed_at IS NULL AND dead_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE room_occupancies DROP CONSTRAINT room_occupancies_reservation_fkey`);
    await db.query(`DROP TABLE outbox_events, reservation_history, reservations, length_of_stay_discounts, pricing_rules`);
    await db.query(`
      ALTER TABLE properties
        DROP CONSTRAINT properties_nights_order,
        DROP COLUMN extra_guest_fee_amount, DROP COLUMN cleaning_fee_amount, DROP COLUMN late_checkout_fee_amount,
        DROP COLUMN tax_rate_basis_points, DROP COLUMN min_nights, DROP COLUMN max_nights`);
  }
}
