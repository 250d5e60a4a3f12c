import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Properties, rooms, host blocks, the occupancy ledger and recorded searches.
 *
 * room_occupancies is the one table every unavailability goes through: a host block or (later) a PENDING or
 * CONFIRMED reservation holds one row, and the exclusion constraint makes two overlapping rows for one
 * room impossible, whatever the application does.
 */
export class Catalog1795392000000 implements MigrationInterface {
  name = 'Catalog1795392000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await db.query(`
      CREATE TABLE properties (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        host_profile_id uuid NOT NULL REFERENCES host_profiles (id),
        kind text NOT NULL CHECK (kind IN ('HOUSE', 'HOTEL', 'HOMESTAY', 'RESORT', 'APARTMENT')),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        slug text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        description text NOT NULL DEFAULT '',
        address_line1 text NOT NULL,
        address_line2 text,
        city text NOT NULL CHECK (length(btrim(city)) > 0),
        region text,
        country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        postal_code text,
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        time_zone text NOT NULL,
        check_in_time time NOT NULL DEFAULT '15:00',
        check_out_time time NOT NULL DEFAULT '11:00',
        house_rules text NOT NULL DEFAULT '',
        amenities text[] NOT NULL DEFAULT '{}',
        photos jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(photos) = 'array'),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        cancellation_policy text NOT NULL DEFAULT 'MODERATE' CHECK (cancellation_policy IN ('FLEXIBLE', 'MODERATE', 'STRICT')),
        rating numeric(3, 2) CHECK (rating BETWEEN 1 AND 5),
        review_count integer NOT NULL DEFAULT 0 CHECK (review_count >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX properties_slug_key ON properties (slug)`);
    await db.query(`CREATE INDEX properties_host_idx ON properties (host_profile_id)`);
    await db.query(`CREATE INDEX properties_city_idx ON properties (lower(city)) WHERE active`);
    await db.query(`CREATE INDEX properties_country_idx ON properties (country) WHERE active`);
    await db.query(`CREATE INDEX properties_amenities_idx ON properties USING gin (amenities)`);
    await db.query(`CREATE INDEX properties_created_at_idx ON properties (created_at, id)`);

    await db.query(`
      CREATE TABLE rooms (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        property_id uuid NOT NULL REFERENCES properties (id),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        room_type_code text NOT NULL CHECK (room_type_code ~ '^[A-Z][A-Z0-9_]{0,39}$'),
        room_type_label text NOT NULL CHECK (length(btrim(room_type_label)) > 0),
        max_guests integer NOT NULL CHECK (max_guests BETWEEN 1 AND 50),
        included_guests integer NOT NULL CHECK (included_guests BETWEEN 1 AND max_guests),
        beds integer NOT NULL CHECK (beds BETWEEN 0 AND 50),
        size_square_meters integer CHECK (size_square_meters > 0),
        amenities text[] NOT NULL DEFAULT '{}',
        air_conditioning boolean NOT NULL DEFAULT false,
        heating boolean NOT NULL DEFAULT false,
        base_price_amount integer NOT NULL CHECK (base_price_amount >= 0),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX rooms_property_idx ON rooms (property_id) INCLUDE (active, max_guests, base_price_amount)`);

    await db.query(`
      CREATE TABLE room_blocks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL REFERENCES rooms (id),
        starts_on date NOT NULL,
        ends_on date NOT NULL CHECK (ends_on > starts_on),
        reason text,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
        removed_at timestamptz,
        removed_by uuid REFERENCES users (id)
      )`);
    await db.query(`CREATE INDEX room_blocks_room_idx ON room_blocks (room_id, starts_on)`);

    await db.query(`
      CREATE TABLE room_occupancies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        room_id uuid NOT NULL REFERENCES rooms (id),
        stay daterange NOT NULL CHECK (NOT isempty(stay) AND lower_inc(stay) AND NOT upper_inc(stay)
                                       AND NOT lower_inf(stay) AND NOT upper_inf(stay)),
        source text NOT NULL CHECK (source IN ('BLOCK', 'RESERVATION')),
        block_id uuid UNIQUE REFERENCES room_blocks (id),
        reservation_id uuid UNIQUE,
        CHECK ((source = 'BLOCK') = (block_id IS NOT NULL)),
        CHECK ((source = 'RESERVATION') = (reservation_id IS NOT NULL)),
        CONSTRAINT room_occupancies_no_overlap EXCLUDE USING gist (room_id WITH =, stay WITH &&)
      )`);

    await db.query(`
      CREATE TABLE search_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        check_in date NOT NULL,
        check_out date NOT NULL,
        guests integer NOT NULL,
        city text,
        country char(2),
        kind text,
        result_count integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX search_requests_created_idx ON search_requests (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE search_requests, room_occupancies, room_blocks, rooms, properties`);
  }
}
