import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, refresh-token families, guest/host profiles and customer stats. */
export class Accounts1795305600000 implements MigrationInterface {
  name = 'Accounts1795305600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
        full_name text NOT NULL CHECK (length(btrim(full_name)) > 0),
        phone text,
        password_hash text NOT NULL,
        role text NOT NULL DEFAULT 'GUEST' CHECK (role IN ('GUEST', 'HOST', 'ADMIN')),
        -- millisecond precision: keyset cursors carry a JavaScript Date
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Emails are stored lower-cased; the index also guards against a writer that forgets.
    await db.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await db.query(`CREATE UNIQUE INDEX users_phone_key ON users (phone) WHERE phone IS NOT NULL`);
    await db.query(`CREATE INDEX users_created_at_idx ON users (created_at, id)`);

    await db.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        rotated_at timestamptz,
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await db.query(`CREATE UNIQUE INDEX refresh_tokens_token_hash_key ON refresh_tokens (token_hash)`);
    await db.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await db.query(`CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id)`);
    await db.query(`CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at)`);

    await db.query(`
      CREATE TABLE guest_profiles (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        preferred_language text,
        preferred_currency char(3) CHECK (preferred_currency ~ '^[A-Z]{3}$'),
        preferences_note text,
        emergency_contact_name text,
        emergency_contact_phone text,
        emergency_contact_relation text,
        passport_number text,
        passport_country char(2) CHECK (passport_country ~ '^[A-Z]{2}$'),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE customer_stats (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        total_visits integer NOT NULL DEFAULT 0 CHECK (total_visits >= 0),
        tier text NOT NULL DEFAULT 'NEW' CHECK (tier IN ('NEW', 'REGULAR', 'SUPER')),
        refreshed_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE host_profiles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
        business_name text NOT NULL CHECK (length(btrim(business_name)) > 0),
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        contact_email text NOT NULL,
        contact_phone text,
        kyc_status text NOT NULL DEFAULT 'PENDING' CHECK (kyc_status IN ('PENDING', 'VERIFIED', 'REJECTED')),
        kyc_document_type text CHECK (kyc_document_type IN ('PASSPORT', 'NATIONAL_ID', 'DRIVING_LICENCE', 'BUSINESS_REGISTRATION')),
        kyc_note text,
        kyc_reviewed_at timestamptz,
        payout_method text CHECK (payout_method IN ('BANK_TRANSFER', 'STRIPE_CONNECT', 'PAYPAL')),
        avg_rating numeric(3, 2) CHECK (avg_rating BETWEEN 1 AND 5),
        total_reviews integer NOT NULL DEFAULT 0 CHECK (total_reviews >= 0),
        total_bookings integer NOT NULL DEFAULT 0 CHECK (total_bookings >= 0),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX host_profiles_slug_key ON host_profiles (slug)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE host_profiles, customer_stats, guest_profiles, refresh_tokens, users`);
  }
}
