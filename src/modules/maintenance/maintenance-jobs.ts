import type { DataSource } from 'typeorm';
import type { Config, MaintenanceJobName } from '../../config';
import type { Clock } from '../../platform/clock';
import type { JobRunner } from '../../platform/jobs/job-runner';
import type { CalendarSyncService } from '../channel-sync/calendar-sync.service';
import type { ReservationsService } from '../reservations/reservations.service';
import { queueArrivalsDigests } from '../notifications/arrivals-digest';
import { purgeOldRecords, retentionRules } from './retention';

export type MaintenanceJob = () => Promise<Record<string, number>>;

/** The jobs: plain idempotent functions; running one twice in a row finds nothing more to do. */
export function maintenanceJobs(
  db: DataSource,
  reservations: ReservationsService,
  clock: Clock,
  config: Pick<Config, 'customerTiers' | 'retention' | 'arrivalsDigestLocalHour'>,
  runner: JobRunner,
  calendarSync: CalendarSyncService,
): Record<MaintenanceJobName, MaintenanceJob> {
  const tiers = config.customerTiers;
  return {
    /** The "zombie killer": PENDING past the hold → EXPIRED, dates released. */
    EXPIRE_HOLDS: async () => ({ expired: await reservations.expireHolds() }),
    COMPLETE_STAYS: async () => ({ completed: await reservations.completeStays() }),
    /** totalVisits from completed stays; tiers from the configured thresholds. */
    REFRESH_CUSTOMER_STATS: async () => {
      const rows = await db.query(
        `WITH visits AS (SELECT guest_user_id, count(*)::int AS n FROM reservations WHERE status = 'COMPLETED' GROUP BY guest_user_id),
              fresh AS (
                SELECT u.id AS user_id, coalesce(v.n, 0) AS total_visits,
                       CASE WHEN coalesce(v.n, 0) >= $2 THEN 'SUPER' WHEN coalesce(v.n, 0) >= $1 THEN 'REGULAR' ELSE 'NEW' END AS tier
                  FROM users u LEFT JOIN visits v ON v.guest_user_id = u.id)
         INSERT INTO customer_stats (user_id, total_visits, tier, refreshed_at)
         SELECT user_id, total_visits, tier, $3 FROM fresh
         ON CONFLICT (user_id) DO UPDATE SET total_visits = EXCLUDED.total_visits, tier = EXCLUDED.tier, refreshed_at = EXCLUDED.refreshed_at
          WHERE customer_stats.total_visits IS DISTINCT FROM EXCLUDED.total_visits OR customer_stats.tier IS DISTINCT FROM EXCLUDED.tier
         RETURNING user_id`,
        [tiers.regularVisits, tiers.superVisits, clock.now()],
      );
      return { updated: rows.length };
    },
    /** Refresh tokens past their expiry (or revoked) for more than a day: no longer needed for reuse detection. */
    PURGE_EXPIRED_TOKENS: async () => {
      const cutoff = new Date(clock.now().getTime() - 86_400_000);
      const [, purged] = await db.query(`DELETE FROM refresh_tokens WHERE expires_at < $1 OR revoked_at < $1`, [cutoff]);
      return { purged: Number(purged ?? 0) };
    },
    /** Retention: delivered outbox events, processed Stripe events, old runs, searches, rate-limit windows, dead jobs. */
    PURGE_OLD_RECORDS: async () => ({
      ...(await purgeOldRecords(db, clock, retentionRules(config.retention), config.retention.batchSize)),
      deadJobs: await runner.purgeDeadJobs(config.retention.deadLetterDays * 86_400_000, config.retention.batchSize),
      idleJobQueues: await runner.purgeIdleQueues(),
    }),
    /** Hosts: tomorrow's arrivals and departures per property, once per (property, day). */
    SEND_ARRIVALS_DIGEST: async () => ({ digests: await queueArrivalsDigests(db, clock, config.arrivalsDigestLocalHour) }),
    /** Channel sync: each live feed read once, one after another; a failing feed is logged in its own sync log. */
    SYNC_CALENDAR_FEEDS: () => calendarSync.syncAll(),
  };
}
