import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payments (one PaymentIntent per reservation), refunds (queued, sent to Stripe with an idempotency key,
 * retried) and every Stripe event received (unique by Stripe's id, so a replay changes nothing).
 */
export class Payments1795564800000 implements MigrationInterface {
  name = 'Payments1795564800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reservations ADD COLUMN hold_extended boolean NOT NULL DEFAULT false`);

    await db.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reservation_id uuid NOT NULL UNIQUE REFERENCES reservations (id),
        provider text NOT NULL CHECK (provider IN ('STRIPE', 'LOCAL')),
        intent_id text NOT NULL UNIQUE,
        amount integer NOT NULL CHECK (amount >= 0),
        currency char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('REQUIRES_PAYMENT', 'SUCCEEDED', 'FAILED')),
        amount_refunded integer NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0),
        failure_message text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        succeeded_at timestamptz
      )`);
    await db.query(`CREATE INDEX payments_created_idx ON payments (created_at, id)`);

    await db.query(`
      CREATE TABLE refunds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reservation_id uuid NOT NULL REFERENCES reservations (id),
        payment_id uuid NOT NULL REFERENCES payments (id),
        amount integer NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        reason text NOT NULL,
        status text NOT NULL CHECK (status IN ('QUEUED', 'PENDING', 'SUCCEEDED', 'FAILED', 'CANCELED')),
        idempotency_key text NOT NULL UNIQUE,
        stripe_refund_id text UNIQUE,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX refunds_queued_idx ON refunds (next_attempt_at) WHERE status = 'QUEUED'`);
    await db.query(`CREATE INDEX refunds_reservation_idx ON refunds (reservation_id)`);

    await db.query(`
      CREATE TABLE stripe_events (
        id text PRIMARY KEY,
        type text NOT NULL,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        processed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        error text
      )`);
    await db.query(`CREATE INDEX stripe_events_failed_idx ON stripe_events (received_at) WHERE processed_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE stripe_events, refunds, payments`);
    await db.query(`ALTER TABLE reservations DROP COLUMN hold_extended`);
  }
}
