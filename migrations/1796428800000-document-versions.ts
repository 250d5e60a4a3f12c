import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reservation documents become versions: one row per (reservation, version), each saying which kind of
 * document it is and which status it reflects. The stored confirmations of earlier releases become version 1.
 * The unique (reservation_id, version) is what makes two concurrent renders of one version store one row.
 */
export class DocumentVersions1796428800000 implements MigrationInterface {
  name = 'DocumentVersions1796428800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE reservation_documents
        ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
        ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        ADD COLUMN kind text NOT NULL DEFAULT 'CONFIRMATION' CHECK (kind IN ('RECEIVED', 'CONFIRMATION', 'CANCELLATION', 'DECLINED', 'EXPIRED')),
        ADD COLUMN status text,
        ADD COLUMN basis text NOT NULL DEFAULT 'CONFIRMATION'`);
    await db.query(`ALTER TABLE reservation_documents DROP CONSTRAINT reservation_documents_pkey`);
    await db.query(`ALTER TABLE reservation_documents ADD PRIMARY KEY (id)`);
    await db.query(`ALTER TABLE reservation_documents ADD CONSTRAINT reservation_documents_version_key UNIQUE (reservation_id, version)`);
    await db.query(`ALTER TABLE reservation_documents ALTER COLUMN version DROP DEFAULT, ALTER COLUMN kind DROP DEFAULT, ALTER COLUMN basis DROP DEFAULT`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM reservation_documents WHERE version > 1`);
    await db.query(`ALTER TABLE reservation_documents DROP CONSTRAINT reservation_documents_version_key`);
    await db.query(`ALTER TABLE reservation_documents DROP CONSTRAINT reservation_documents_pkey`);
    await db.query(`ALTER TABLE reservation_documents DROP COLUMN id, DROP COLUMN version, DROP COLUMN kind, DROP COLUMN status, DROP COLUMN basis`);
    await db.query(`ALTER TABLE reservation_documents ADD PRIMARY KEY (reservation_id)`);
  }
}
