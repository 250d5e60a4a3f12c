import type { DataSource } from 'typeorm';
import type { RetentionConfig } from '../../config';
import type { Clock } from '../../platform/clock';

/**
 * What the PURGE_OLD_RECORDS job deletes: rows of `table` whose `column` is older than `maxAgeMs`
 * (and that match `where`). The one place to change when a table is renamed or replaced (the rate-limit
 * windows, for instance). `children` rows referencing a purged row are deleted with it, first.
 */
export interface RetentionRule {
  /** The count's name in the maintenance run (`outboxEvents: 12`). */
  name: string;
  table: string;
  column: string;
  maxAgeMs: number;
  where?: string;
  /** How `column` stores time: a timestamp (default) or epoch milliseconds (rate-limiter-flexible's `expire`). */
  columnHolds?: 'timestamp' | 'epochMs';
  children?: { table: string; column: string }[];
}

const DAY_MS = 86_400_000;

export function retentionRules(retention: RetentionConfig): RetentionRule[] {
  const deliveries = [{ table: 'outbox_deliveries', column: 'event_id' }];
  return [
    { name: 'outboxEvents', table: 'outbox_events', column: 'processed_at', maxAgeMs: retention.outboxDays * DAY_MS, children: deliveries },
    // Dead letters wait longer, for an admin to look at and retry (a retry clears dead_at).
    { name: 'deadOutboxEvents', table: 'outbox_events', column: 'dead_at', maxAgeMs: retention.deadLetterDays * DAY_MS, where: 'processed_at IS NULL', children: deliveries },
    // Only processed events: a waiting (parked) one still has work to do. See RETENTION_STRIPE_EVENTS_DAYS.
    { name: 'stripeEvents', table: 'stripe_events', column: 'processed_at', maxAgeMs: retention.stripeEventsDays * DAY_MS },
    { name: 'maintenanceRuns', table: 'maintenance_runs', column: 'started_at', maxAgeMs: retention.maintenanceRunsDays * DAY_MS, where: 'finished_at IS NOT NULL' },
    { name: 'searchRequests', table: 'search_requests', column: 'created_at', maxAgeMs: retention.searchRequestsDays * DAY_MS },
    // rate-limiter-flexible's rows: `expire` is when the window ends (epoch ms, the library's wall clock).
    { name: 'rateLimitWindows', table: 'rate_limit_points', column: 'expire', columnHolds: 'epochMs', maxAgeMs: retention.rateLimitHours * 3_600_000 },
    // A feed's sync log (about 48 runs a day) ages like maintenance runs; each feed's newest run stays (its lastRun).
    {
      name: 'calendarSyncRuns',
      table: 'calendar_sync_runs',
      column: 'started_at',
      maxAgeMs: retention.maintenanceRunsDays * DAY_MS,
      where: `id <> (SELECT newest.id FROM calendar_sync_runs newest WHERE newest.feed_id = calendar_sync_runs.feed_id
                      ORDER BY newest.started_at DESC, newest.recorded_at DESC LIMIT 1)`,
    },
    // Sign-in failures are forgotten after the 15-minute block anyway; the row is only kept for the count.
    { name: 'loginFailures', table: 'login_failures', column: 'last_failure_at', maxAgeMs: retention.rateLimitHours * 3_600_000 },
  ];
}

/**
 * Deletes what each rule says is old, `batchSize` rows per short transaction (SKIP LOCKED: a row in use
 * is left for the next run), so a large backlog never holds locks for long. Returns the counts per rule.
 */
export async function purgeOldRecords(db: DataSource, clock: Clock, rules: readonly RetentionRule[], batchSize: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const rule of rules) {
    const cutoff = new Date(clock.now().getTime() - rule.maxAgeMs);
    let total = 0;
    for (;;) {
      const deleted = await purgeBatch(db, rule, cutoff, batchSize);
      total += deleted;
      if (deleted < batchSize) break;
    }
    counts[rule.name] = total;
  }
  return counts;
}

async function purgeBatch(db: DataSource, rule: RetentionRule, cutoffDate: Date, batchSize: number): Promise<number> {
  const cutoff = rule.columnHolds === 'epochMs' ? cutoffDate.getTime() : cutoffDate;
  const condition = `${rule.column} < $1${rule.where ? ` AND ${rule.where}` : ''}`;
  if (!rule.children?.length) {
    const [, deleted] = await db.query<[unknown, number]>(
      `DELETE FROM ${rule.table} WHERE ctid = ANY (ARRAY(SELECT ctid FROM ${rule.table} WHERE ${condition} LIMIT $2 FOR UPDATE SKIP LOCKED))`,
      [cutoff, batchSize],
    );
    return Number(deleted ?? 0);
  }
  return db.transaction(async (manager) => {
    const rows = await manager.query<{ id: string }[]>(`SELECT id FROM ${rule.table} WHERE ${condition} LIMIT $2 FOR UPDATE SKIP LOCKED`, [cutoff, batchSize]);
    if (rows.length === 0) return 0;
    const ids = rows.map((row) => row.id);
    for (const child of rule.children ?? []) await manager.query(`DELETE FROM ${child.table} WHERE ${child.column} = ANY ($1)`, [ids]);
    await manager.query(`DELETE FROM ${rule.table} WHERE id = ANY ($1)`, [ids]);
    return ids.length;
  });
}
