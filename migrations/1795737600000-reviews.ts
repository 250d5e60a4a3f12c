import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reviews (verified, from a completed stay, or anonymous opinions awaiting approval), suggestions, wishlists, rate-limit counters. */
export class Reviews1795737600000 implements MigrationInterface {
  name = 'Reviews1795737600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        property_id uuid NOT NULL REFERENCES properties (id),
        reservation_id uuid UNIQUE REFERENCES reservations (id),
        author_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        author_name text NOT NULL CHECK (length(btrim(author_name)) > 0),
        rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
        title text NOT NULL CHECK (length(btrim(title)) > 0 AND length(title) <= 200),
        body text NOT NULL CHECK (length(body) <= 4000),
        cleanliness smallint CHECK (cleanliness BETWEEN 1 AND 5),
        location smallint CHECK (location BETWEEN 1 AND 5),
        value smallint CHECK (value BETWEEN 1 AND 5),
        verified boolean NOT NULL,
        visible boolean NOT NULL,
        host_reply text CHECK (length(host_reply) <= 4000),
        host_replied_at timestamptz,
        moderated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        -- a verified review comes from exactly one reservation; an anonymous opinion from none
        CHECK (verified = (reservation_id IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX reviews_property_idx ON reviews (property_id, created_at) WHERE visible`);

    await db.query(`
      CREATE TABLE suggestions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        email text,
        body text NOT NULL CHECK (length(btrim(body)) > 0 AND length(body) <= 4000),
        handled boolean NOT NULL DEFAULT false,
        handled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
      )`);
    await db.query(`CREATE INDEX suggestions_handled_idx ON suggestions (handled, created_at)`);

    await db.query(`
      CREATE TABLE wishlist_items (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        property_id uuid NOT NULL REFERENCES properties (id),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        PRIMARY KEY (user_id, property_id)
      )`);

    // Fixed-window counters shared by every instance: key (who and what) × window start.
    await db.query(`
      CREATE TABLE rate_limit_counters (
        key text NOT NULL,
        window_start timestamptz NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (key, window_start)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rate_limit_counters, wishlist_items, suggestions, reviews`);
  }
}
