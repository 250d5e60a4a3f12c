import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (welcome discount): welcome promotions, at most one active at a time (a partial unique index on a
 * constant), and the personal WELCOME-XXXXXX codes registration issues from it (discount_codes rows with an
 * owner, created_by null = the system, and the promotion they came from).
 */
export class WelcomePromotions1796774400000 implements MigrationInterface {
  name = 'WelcomePromotions1796774400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE welcome_promotions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        percent_basis_points integer NOT NULL CHECK (percent_basis_points BETWEEN 1 AND 10000),
        validity_days integer NOT NULL CHECK (validity_days BETWEEN 1 AND 3650),
        currency char(3),
        min_total bigint CHECK (min_total >= 0),
        max_discount bigint CHECK (max_discount > 0),
        base_price_only boolean NOT NULL DEFAULT false,
        property_ids uuid[] CHECK (cardinality(property_ids) > 0),
        active boolean NOT NULL DEFAULT true,
        ended_at timestamptz,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((min_total IS NULL AND max_discount IS NULL) OR currency IS NOT NULL),
        CHECK (active = (ended_at IS NULL))
      )`);
    // One active welcome promotion: a second active row would repeat the constant key.
    await db.query(`CREATE UNIQUE INDEX welcome_promotions_one_active ON welcome_promotions ((true)) WHERE active`);
    await db.query(`ALTER TABLE discount_codes ADD COLUMN welcome_promotion_id uuid REFERENCES welcome_promotions (id) ON DELETE SET NULL`);
    await db.query(`CREATE INDEX discount_codes_welcome_idx ON discount_codes (welcome_promotion_id) WHERE welcome_promotion_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE discount_codes DROP COLUMN welcome_promotion_id`);
    await db.query(`DROP TABLE welcome_promotions`);
  }
}
