import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every instance keeps signed-in callers' accounts for a few seconds (ViewerCache, issue 16). The database
 * tells them when an account changes, whoever changes it (a service, an operator's SQL, a future deletion
 * or anonymisation), and only once the change commits (NOTIFY is sent at commit; a rollback sends nothing):
 * a row trigger on `users` (any update, deletion) and on `customer_stats` (a new tier) sends
 * `{"topic":"account.changed","payload":{"userId":…}}` on the app's events channel (`staygraph_events`,
 * PostgresPubSub's EVENTS_CHANNEL).
 */
export class AccountChangeEvents1797033600000 implements MigrationInterface {
  name = 'AccountChangeEvents1797033600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION notify_account_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        account uuid;
      BEGIN
        IF TG_TABLE_NAME = 'users' THEN
          account := OLD.id;
        ELSE
          account := OLD.user_id;
        END IF;
        PERFORM pg_notify('staygraph_events', json_build_object(
          'topic', 'account.changed', 'payload', json_build_object('userId', account))::text);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER users_account_changed AFTER UPDATE OR DELETE ON users
        FOR EACH ROW EXECUTE FUNCTION notify_account_changed()`);
    await db.query(`
      CREATE TRIGGER customer_stats_account_changed AFTER UPDATE OF tier ON customer_stats
        FOR EACH ROW WHEN (OLD.tier IS DISTINCT FROM NEW.tier) EXECUTE FUNCTION notify_account_changed()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER customer_stats_account_changed ON customer_stats`);
    await db.query(`DROP TRIGGER users_account_changed ON users`);
    await db.query(`DROP FUNCTION notify_account_changed()`);
  }
}
