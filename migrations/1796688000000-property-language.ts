import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Languages (issue 12): the language a host chose for a property's emails and documents. Null means the
 * default (the country's language when a catalog exists for it, else English), decided in code
 * (src/modules/catalog/property-language.ts) so that a new catalog changes the default without a migration.
 */
export class PropertyLanguage1796688000000 implements MigrationInterface {
  name = 'PropertyLanguage1796688000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE properties ADD COLUMN language text CHECK (language ~ '^[a-z]{2,3}$')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE properties DROP COLUMN language`);
  }
}
