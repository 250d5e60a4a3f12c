import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trust at the seams of payments: a success of another amount or currency than the reservation's is kept
 * as MISMATCH (with the reason) instead of confirming; Stripe events remember their PaymentIntent and may
 * wait ("parked") for a payment we do not know yet; refunds and outbox events are claimed with a lease
 * (claimed_by, claimed_until) so no transaction stays open while Stripe, SendGrid or Chromium answer.
 */
export class PaymentIntegrity1795996800000 implements MigrationInterface {
  name = 'PaymentIntegrity1795996800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE payments DROP CONSTRAINT payments_status_check`);
    await db.query(`ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN ('REQUIRES_PAYMENT', 'SUCCEEDED', 'FAILED', 'MISMATCH'))`);
    await db.query(`ALTER TABLE payments ADD COLUMN mismatch_reason text`);

    await db.query(`ALTER TABLE stripe_events ADD COLUMN intent_id text, ADD COLUMN parked_at timestamptz`);
    await db.query(`CREATE INDEX stripe_events_intent_idx ON stripe_events (intent_id) WHERE processed_at IS NULL`);
    await db.query(`DROP INDEX stripe_events_failed_idx`);
    await db.query(`CREATE INDEX stripe_events_failed_idx ON stripe_events (received_at) WHERE processed_at IS NULL AND parked_at IS NULL`);
    await db.query(`CREATE INDEX stripe_events_waiting_idx ON stripe_events (received_at) WHERE processed_at IS NULL AND parked_at IS NOT NULL`);

    await db.query(`ALTER TABLE refunds ADD COLUMN claimed_by text, ADD COLUMN claimed_until timestamptz`);
    await db.query(`ALTER TABLE outbox_events ADD COLUMN claimed_by text, ADD COLUMN claimed_until timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE outbox_events DROP COLUMN claimed_by, DROP COLUMN claimed_until`);
    await db.query(`ALTER TABLE refunds DROP COLUMN claimed_by, DROP COLUMN claimed_until`);
    await db.query(`DROP INDEX stripe_events_waiting_idx`);
    await db.query(`DROP INDEX stripe_events_failed_idx`);
    await db.query(`CREATE INDEX stripe_events_failed_idx ON stripe_events (received_at) WHERE processed_at IS NULL`);
    await db.query(`DROP INDEX stripe_events_intent_idx`);
    await db.query(`ALTER TABLE stripe_events DROP COLUMN intent_id, DROP COLUMN parked_at`);
    await db.query(`ALTER TABLE payments DROP COLUMN mismatch_reason`);
    await db.query(`UPDATE payments SET status = 'FAILED' WHERE status = 'MISMATCH'`);
    await db.query(`ALTER TABLE payments DROP CONSTRAINT payments_status_check`);
    await db.query(`ALTER TABLE payments ADD CONSTRAINT payments_status_check CHECK (status IN ('REQUIRES_PAYMENT', 'SUCCEEDED', 'FAILED'))`);
  }
}
