import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anonymous opinions are accepted whatever the name, so that the answer does not tell a stranger whether
 * someone stayed at a property; whether the name is a past visitor's is kept for the admin who moderates.
 */
export class OpinionNameMatch1796083200000 implements MigrationInterface {
  name = 'OpinionNameMatch1796083200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reviews ADD COLUMN name_matches_visitor boolean`);
    // Until now an opinion was stored only when its name matched.
    await db.query(`UPDATE reviews SET name_matches_visitor = true WHERE NOT verified`);
    await db.query(`
      ALTER TABLE reviews ADD CONSTRAINT reviews_opinion_name_match_check
        CHECK (verified = (name_matches_visitor IS NULL))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reviews DROP COLUMN name_matches_visitor`);
  }
}
