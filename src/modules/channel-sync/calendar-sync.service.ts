import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import { hydrate } from '../../db/hydrate';
import { lockRoomCalendar } from '../../db/room-lock';
import { type AfterCommit, inTransaction } from '../../db/transaction';
import { addDays, type CalendarDate, dateRangeLiteral, daysBetween, maxDate, minDate, todayIn } from '../../platform/calendar-dates';
import type { Clock } from '../../platform/clock';
import { AppError, badInput, conflict, notFound } from '../../platform/errors';
import type { Logger } from '../../platform/logger';
import { recordEvent } from '../../platform/outbox/outbox';
import type { User } from '../accounts/user.entity';
import type { AvailabilityEvents } from '../availability/availability-events';
import { RoomBlock } from '../availability/room-block.entity';
import type { CatalogAccess } from '../catalog/catalog-access';
import { CalendarConflict, CalendarFeed, CalendarFeedEvent, CalendarSyncRun, type SyncStatus } from './channel-sync.entities';
import { type FetchLimits, FeedFetchError, feedUrlProblem, fetchFeed } from './feed-fetcher';
import { FeedParseError, type ImportedEvent, parseFeed } from './feed-parser';

/** Imported events past this horizon are cut there (Airbnb closes everything past its booking window). */
const HORIZON_DAYS = 730;
const MAX_FEEDS_PER_ROOM = 10;

export interface SyncCounts {
  eventsSeen: number;
  added: number;
  changed: number;
  removed: number;
  conflicts: number;
}

const ZERO: SyncCounts = { eventsSeen: 0, added: 0, changed: 0, removed: 0, conflicts: 0 };

interface Placement {
  event: CalendarFeedEvent;
  /** Active blocks the event already had (their occupancies are released before placing again). */
  blocks: RoomBlock[];
}

/**
 * Import of external calendars: a feed's events become EXTERNAL blocks of its room, under the room's
 * calendar lock (the same lock and ledger as blockDates). The network read happens before the
 * transaction; applying is one transaction per feed, so a failure leaves the last good state.
 *
 * Matching: by UID first; an event whose UID is new is matched to a vanished event of the same kind whose
 * dates overlap (rolling "not available" windows that a channel re-issues every day), so its block moves.
 * Parts of an event that overlap a reservation become conflicts (the reservation is never touched); parts
 * that overlap another block are already closed and are skipped.
 */
export class CalendarSyncService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
    private readonly events: AvailabilityEvents,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly limits: FetchLimits,
  ) {}

  async addFeed(viewer: User, input: { roomId: string; name: string; url: string }): Promise<CalendarFeed> {
    const name = input.name.trim();
    if (name.length < 1 || name.length > 60) throw badInput('name', 'The name must have 1 to 60 characters');
    const url = input.url.trim();
    if (url.length > 2000) throw badInput('url', 'The URL is too long (2000 characters at most)');
    const problem = feedUrlProblem(url, this.limits.allowPrivate);
    if (problem) throw badInput('url', `The feed URL ${problem}`);
    const room = await this.access.assertManagesRoom(viewer, input.roomId);
    return inTransaction(this.db, async (manager) => {
      await lockRoomCalendar(manager, room.id);
      const feeds = await manager.find(CalendarFeed, { where: { roomId: room.id, removedAt: IsNull() } });
      if (feeds.some((feed) => feed.url === url)) throw conflict('This room already imports that calendar', { field: 'url' });
      if (feeds.length >= MAX_FEEDS_PER_ROOM) throw badInput('roomId', `A room can import at most ${MAX_FEEDS_PER_ROOM} calendars`);
      return manager.save(manager.create(CalendarFeed, { roomId: room.id, name, url, createdBy: viewer.id, createdAt: this.clock.now() }));
    });
  }

  /** Removes a feed and lifts its blocks. */
  async removeFeed(viewer: User, feedId: string): Promise<boolean> {
    const feed = await this.db.getRepository(CalendarFeed).findOneBy({ id: feedId });
    if (!feed) throw notFound('Calendar feed');
    const room = await this.access.assertManagesRoom(viewer, feed.roomId);
    return inTransaction(
      this.db,
      async (manager, afterCommit) => {
        await lockRoomCalendar(manager, room.id);
        const current = await manager.findOneByOrFail(CalendarFeed, { id: feedId });
        if (current.removedAt) return false;
        const stored = await manager.findBy(CalendarFeedEvent, { feedId });
        for (const event of stored) await this.removeEvent(manager, afterCommit, room.propertyId, room.id, event);
        await manager.update(CalendarFeed, { id: feedId }, { removedAt: this.clock.now() });
        return true;
      },
      (error) => this.log.error({ err: error }, 'publishing an availability change failed'),
    );
  }

  async list(viewer: User, roomId: string): Promise<CalendarFeed[]> {
    await this.access.assertManagesRoom(viewer, roomId);
    return this.db.getRepository(CalendarFeed).find({ where: { roomId, removedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  /** A feed by id, removed ones included (blocks and conflicts keep pointing at them). */
  feed(id: string): Promise<CalendarFeed | null> {
    return this.db.getRepository(CalendarFeed).findOneBy({ id });
  }

  runs(feedId: string, first: number): Promise<CalendarSyncRun[]> {
    return this.db.getRepository(CalendarSyncRun).find({ where: { feedId }, order: { startedAt: 'DESC', recordedAt: 'DESC' }, take: first });
  }

  /** Conflicts of one property (its host or an admin), or of every property the viewer manages. */
  async conflicts(viewer: User, propertyId: string | null | undefined, includeResolved: boolean): Promise<CalendarConflict[]> {
    if (propertyId) await this.access.assertManagesProperty(viewer, propertyId);
    const rows = await this.db.query<Record<string, unknown>[]>(
      `SELECT to_jsonb(c) AS row FROM calendar_conflicts c
         JOIN calendar_feeds f ON f.id = c.feed_id JOIN rooms r ON r.id = f.room_id
         JOIN properties p ON p.id = r.property_id JOIN host_profiles h ON h.id = p.host_profile_id
        WHERE ($1::uuid IS NULL OR p.id = $1) AND ($2 OR h.user_id = $3) AND ($4 OR c.resolved_at IS NULL)
        ORDER BY c.starts_on, c.created_at LIMIT 500`,
      [propertyId ?? null, viewer.role === 'ADMIN', viewer.id, includeResolved],
    );
    return rows.map((row) => hydrate(this.db, CalendarConflict, row['row'] as Record<string, unknown>));
  }

  /** The host's "sync now". */
  async syncNow(viewer: User, feedId: string): Promise<CalendarSyncRun> {
    const feed = await this.db.getRepository(CalendarFeed).findOneBy({ id: feedId });
    if (!feed || feed.removedAt) throw notFound('Calendar feed');
    await this.access.assertManagesRoom(viewer, feed.roomId);
    return this.sync(feed.id);
  }

  /** The cron job: every live feed once, one at a time; one feed's failure is its own run, not the job's. */
  async syncAll(): Promise<Record<string, number>> {
    const feeds = await this.db.query<{ id: string }[]>(`SELECT id FROM calendar_feeds WHERE removed_at IS NULL ORDER BY last_run_at NULLS FIRST, id`);
    const counts: Record<string, number> = { feeds: feeds.length, ok: 0, notModified: 0, kept: 0, failed: 0 };
    const key: Record<SyncStatus, string> = { OK: 'ok', NOT_MODIFIED: 'notModified', KEPT_LAST_GOOD: 'kept', FAILED: 'failed' };
    for (const { id } of feeds) {
      try {
        counts[key[(await this.sync(id)).status]]! += 1;
      } catch (error) {
        counts['failed']! += 1;
        this.log.error({ err: error, feedId: id }, 'calendar sync failed');
      }
    }
    return counts;
  }

  /** Reads one feed and applies it; every outcome is a run in the sync log. */
  async sync(feedId: string): Promise<CalendarSyncRun> {
    const startedAt = this.clock.now();
    const feed = await this.db.getRepository(CalendarFeed).findOneBy({ id: feedId });
    if (!feed || feed.removedAt) throw notFound('Calendar feed');
    const [room] = await this.db.query<{ property_id: string; time_zone: string }[]>(
      `SELECT r.property_id, p.time_zone FROM rooms r JOIN properties p ON p.id = r.property_id WHERE r.id = $1`,
      [feed.roomId],
    );
    const today = todayIn(room!.time_zone, startedAt);

    let incoming: ImportedEvent[];
    let validators: { etag: string | null; lastModified: string | null };
    try {
      const answer = await fetchFeed(feed.url, { etag: feed.etag, lastModified: feed.lastModified }, this.limits);
      if (answer.kind === 'NOT_MODIFIED') return this.record(feed.id, startedAt, 'NOT_MODIFIED', { ...ZERO, eventsSeen: feed.eventCount }, null);
      incoming = window(parseFeed(answer.body, room!.time_zone), today);
      validators = { etag: answer.etag, lastModified: answer.lastModified };
    } catch (error) {
      if (!(error instanceof FeedFetchError || error instanceof FeedParseError)) this.log.warn({ err: error, feedId }, 'calendar feed read failed');
      return this.record(feed.id, startedAt, 'FAILED', ZERO, `${(error as Error).message}; the blocks of the last good read are kept`);
    }

    try {
      return await this.applyRead(feed, room!.property_id, today, startedAt, incoming, validators);
    } catch (error) {
      if (error instanceof AppError) throw error;
      // A bug or a database failure must still leave a trace in the host's sync log (nothing was applied).
      this.log.error({ err: error, feedId }, 'applying a calendar feed failed');
      return this.record(feed.id, startedAt, 'FAILED', { ...ZERO, eventsSeen: incoming.length }, 'The calendar was read but could not be applied; nothing changed. It is tried again on the next sync.');
    }
  }

  private applyRead(
    feed: CalendarFeed,
    propertyId: string,
    today: CalendarDate,
    startedAt: Date,
    incoming: ImportedEvent[],
    validators: { etag: string | null; lastModified: string | null },
  ): Promise<CalendarSyncRun> {
    return inTransaction(
      this.db,
      async (manager, afterCommit) => {
        await lockRoomCalendar(manager, feed.roomId);
        const current = await manager.findOneByOrFail(CalendarFeed, { id: feed.id });
        if (current.removedAt) throw notFound('Calendar feed');
        const stored = await manager.findBy(CalendarFeedEvent, { feedId: feed.id });
        const live = stored.filter((event) => event.endsOn > today).length;
        // Safety: a feed that had events and now has none is more often broken than emptied. The first empty
        // read keeps everything; a second one in a row is believed (documented in docs/architecture.md).
        if (incoming.length === 0 && live > 0 && current.emptyReads < 1) {
          await manager.update(CalendarFeed, { id: feed.id }, { emptyReads: current.emptyReads + 1, lastRunAt: startedAt });
          return this.record(
            feed.id,
            startedAt,
            'KEPT_LAST_GOOD',
            ZERO,
            `The feed returned no events where it had ${live}: its blocks are kept. A second empty read in a row will lift them.`,
            manager,
          );
        }
        const counts = await this.apply(manager, afterCommit, { id: feed.id, roomId: feed.roomId, propertyId }, stored, incoming, today);
        await manager.update(
          CalendarFeed,
          { id: feed.id },
          { etag: validators.etag, lastModified: validators.lastModified, eventCount: incoming.length, emptyReads: 0, lastRunAt: startedAt },
        );
        return this.record(feed.id, startedAt, 'OK', counts, null, manager);
      },
      (error) => this.log.error({ err: error }, 'publishing an availability change failed'),
    );
  }

  private async apply(
    manager: EntityManager,
    afterCommit: AfterCommit,
    feed: { id: string; roomId: string; propertyId: string },
    stored: CalendarFeedEvent[],
    incoming: ImportedEvent[],
    today: CalendarDate,
  ): Promise<SyncCounts> {
    const counts: SyncCounts = { ...ZERO, eventsSeen: incoming.length };
    const matches = matchEvents(stored, incoming);
    const matchedStored = new Set([...matches.values()].map((event) => event.id));

    // 1. Events gone from the feed: their blocks are lifted first, so moved events can take their dates.
    for (const event of stored.filter((candidate) => !matchedStored.has(candidate.id))) {
      await this.removeEvent(manager, afterCommit, feed.propertyId, feed.roomId, event);
      if (event.endsOn > today) counts.removed += 1;
    }

    // 2. Matched events: new UID or dates are written; moved ones (and ones not fully blocked yet, for instance
    // after a conflicting reservation was cancelled) are placed again.
    const placements: Placement[] = [];
    const activeBlocks = await manager.query<{ feed_event_id: string; days: number }[]>(
      `SELECT feed_event_id, sum(ends_on - starts_on)::int AS days FROM room_blocks WHERE feed_id = $1 AND removed_at IS NULL GROUP BY feed_event_id`,
      [feed.id],
    );
    const blockedDays = new Map(activeBlocks.map((row) => [row.feed_event_id, row.days]));
    for (const [imported, event] of matches) {
      const moved = event.startsOn !== imported.from || event.endsOn !== imported.to;
      if (moved || event.uid !== imported.uid || event.kind !== imported.kind || event.summary !== imported.summary) {
        await manager.update(
          CalendarFeedEvent,
          { id: event.id },
          { uid: imported.uid, kind: imported.kind, summary: imported.summary, startsOn: imported.from, endsOn: imported.to },
        );
        await manager.update(RoomBlock, { feedEventId: event.id }, { feedEventUid: imported.uid, reason: imported.summary });
        await manager.query(`UPDATE calendar_conflicts SET event_uid = $2 WHERE feed_event_id = $1`, [event.id, imported.uid]);
      }
      const updated = { ...event, uid: imported.uid, kind: imported.kind, summary: imported.summary, startsOn: imported.from, endsOn: imported.to };
      const whole = daysBetween(imported.from, imported.to);
      if (moved) counts.changed += 1;
      if (moved || (blockedDays.get(event.id) ?? 0) < whole) {
        placements.push({ event: updated, blocks: await this.releaseBlocks(manager, event.id) });
      }
    }

    // 3. New events.
    const matchedIncoming = new Set(matches.keys());
    for (const imported of incoming.filter((candidate) => !matchedIncoming.has(candidate))) {
      const event = await manager.save(
        manager.create(CalendarFeedEvent, {
          feedId: feed.id,
          uid: imported.uid,
          kind: imported.kind,
          summary: imported.summary,
          startsOn: imported.from,
          endsOn: imported.to,
        }),
      );
      counts.added += 1;
      placements.push({ event, blocks: [] });
    }

    // 4. Blocks for the free parts; conflicts for the parts under reservations.
    for (const placement of placements) counts.conflicts += await this.place(manager, afterCommit, feed, placement);
    return counts;
  }

  /** Releases the dates of an event's active blocks (the rows stay, to be moved or lifted by place()). */
  private async releaseBlocks(manager: EntityManager, feedEventId: string): Promise<RoomBlock[]> {
    const blocks = await manager.find(RoomBlock, { where: { feedEventId, removedAt: IsNull() }, order: { startsOn: 'ASC' } });
    if (blocks.length) await manager.query(`DELETE FROM room_occupancies WHERE block_id = ANY($1)`, [blocks.map((block) => block.id)]);
    return blocks;
  }

  /** Returns the number of new conflicts. */
  private async place(
    manager: EntityManager,
    afterCommit: AfterCommit,
    feed: { id: string; roomId: string; propertyId: string },
    { event, blocks }: Placement,
  ): Promise<number> {
    const occupied = await manager.query<{ source: string; reservation_id: string | null; from: string; to: string }[]>(
      `SELECT source, reservation_id, to_char(lower(stay), 'YYYY-MM-DD') AS "from", to_char(upper(stay), 'YYYY-MM-DD') AS "to"
         FROM room_occupancies WHERE room_id = $1 AND stay && daterange($2, $3) ORDER BY lower(stay)`,
      [feed.roomId, event.startsOn, event.endsOn],
    );
    const segments: { from: CalendarDate; to: CalendarDate }[] = [];
    let cursor = event.startsOn;
    for (const range of occupied) {
      if (range.from > cursor) segments.push({ from: cursor, to: minDate(range.from, event.endsOn) });
      cursor = maxDate(cursor, range.to);
    }
    if (cursor < event.endsOn) segments.push({ from: cursor, to: event.endsOn });

    const publish = (from: CalendarDate, to: CalendarDate, reason: 'BLOCKED' | 'UNBLOCKED') =>
      afterCommit(() => this.events.publish({ propertyId: feed.propertyId, roomId: feed.roomId, from, to, reason }));
    const now = this.clock.now();
    if (blocks.length === 1 && segments.length === 1) {
      // The usual move: the same block, new dates.
      const [block] = blocks as [RoomBlock];
      const [segment] = segments as [{ from: CalendarDate; to: CalendarDate }];
      if (block.startsOn !== segment.from || block.endsOn !== segment.to) {
        await manager.update(RoomBlock, { id: block.id }, { startsOn: segment.from, endsOn: segment.to });
        publish(block.startsOn, block.endsOn, 'UNBLOCKED');
        publish(segment.from, segment.to, 'BLOCKED');
      }
      await manager.query(`INSERT INTO room_occupancies (room_id, stay, source, block_id) VALUES ($1, $2, 'BLOCK', $3)`, [
        feed.roomId,
        dateRangeLiteral(segment.from, segment.to),
        block.id,
      ]);
    } else {
      for (const block of blocks) {
        await manager.update(RoomBlock, { id: block.id }, { removedAt: now });
        publish(block.startsOn, block.endsOn, 'UNBLOCKED');
      }
      for (const segment of segments) {
        const block = await manager.save(
          manager.create(RoomBlock, {
            roomId: feed.roomId,
            startsOn: segment.from,
            endsOn: segment.to,
            reason: event.summary,
            createdBy: null,
            source: 'EXTERNAL',
            feedId: feed.id,
            feedEventId: event.id,
            feedEventUid: event.uid,
          }),
        );
        await manager.query(`INSERT INTO room_occupancies (room_id, stay, source, block_id) VALUES ($1, $2, 'BLOCK', $3)`, [
          feed.roomId,
          dateRangeLiteral(segment.from, segment.to),
          block.id,
        ]);
        publish(segment.from, segment.to, 'BLOCKED');
      }
    }

    // Conflicts: one open row per (event, reservation); the overlap is kept current; gone overlaps are resolved.
    // A channel that imports our export sends our bookings back as "not available" on exactly their dates:
    // an echo, not a double booking (Booking.com labels its own bookings the same way, so only exact dates tell).
    const echo = (range: { from: string; to: string }) => event.kind === 'NOT_AVAILABLE' && range.from === event.startsOn && range.to === event.endsOn;
    const overlaps = occupied.filter((range) => range.source === 'RESERVATION' && range.reservation_id && !echo(range));
    let created = 0;
    for (const range of overlaps) {
      const from = maxDate(range.from, event.startsOn);
      const to = minDate(range.to, event.endsOn);
      const [row] = await manager.query<{ id: string; inserted: boolean }[]>(
        `INSERT INTO calendar_conflicts (feed_id, feed_event_id, event_uid, reservation_id, starts_on, ends_on, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (feed_event_id, reservation_id) WHERE resolved_at IS NULL DO UPDATE SET starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on
         RETURNING id, (xmax = 0) AS inserted`,
        [feed.id, event.id, event.uid, range.reservation_id, from, to, now],
      );
      if (row!.inserted) {
        created += 1;
        await recordEvent(manager, 'calendar.conflict', row!.id, { conflictId: row!.id });
      }
    }
    await manager.query(
      `UPDATE calendar_conflicts SET resolved_at = $3 WHERE feed_event_id = $1 AND resolved_at IS NULL AND NOT (reservation_id = ANY($2::uuid[]))`,
      [event.id, overlaps.map((range) => range.reservation_id), now],
    );
    return created;
  }

  /** Lifts an event's blocks, resolves its conflicts and forgets it. */
  private async removeEvent(manager: EntityManager, afterCommit: AfterCommit, propertyId: string, roomId: string, event: CalendarFeedEvent) {
    const blocks = await this.releaseBlocks(manager, event.id);
    const now = this.clock.now();
    for (const block of blocks) {
      await manager.update(RoomBlock, { id: block.id }, { removedAt: now });
      afterCommit(() => this.events.publish({ propertyId, roomId, from: block.startsOn, to: block.endsOn, reason: 'UNBLOCKED' }));
    }
    await manager.query(`UPDATE calendar_conflicts SET resolved_at = $2 WHERE feed_event_id = $1 AND resolved_at IS NULL`, [event.id, now]);
    await manager.delete(CalendarFeedEvent, { id: event.id });
  }

  private async record(
    feedId: string,
    startedAt: Date,
    status: SyncStatus,
    counts: SyncCounts,
    error: string | null,
    manager: EntityManager = this.db.manager,
  ): Promise<CalendarSyncRun> {
    const finishedAt = this.clock.now();
    if (status === 'FAILED' || status === 'NOT_MODIFIED') await manager.update(CalendarFeed, { id: feedId }, { lastRunAt: startedAt });
    return manager.save(manager.create(CalendarSyncRun, { feedId, startedAt, finishedAt, status, ...counts, error }));
  }
}

/** Events that still matter: not over, cut at the horizon, one per UID. */
function window(events: ImportedEvent[], today: CalendarDate): ImportedEvent[] {
  const horizon = addDays(today, HORIZON_DAYS);
  const seen = new Set<string>();
  const kept: ImportedEvent[] = [];
  for (const event of events) {
    if (event.to <= today || event.from >= horizon || seen.has(event.uid)) continue;
    seen.add(event.uid);
    kept.push({ ...event, to: minDate(event.to, horizon) });
  }
  return kept;
}

/**
 * Pairs incoming events with stored ones: same UID first; then, for a UID not seen before, a stored event
 * left unmatched with the same kind and overlapping or touching dates (the largest overlap wins): a one-day
 * advance-notice window re-issued the next day touches yesterday's.
 */
export function matchEvents(stored: CalendarFeedEvent[], incoming: ImportedEvent[]): Map<ImportedEvent, CalendarFeedEvent> {
  const matches = new Map<ImportedEvent, CalendarFeedEvent>();
  const byUid = new Map(stored.map((event) => [event.uid, event]));
  const taken = new Set<string>();
  for (const imported of incoming) {
    const event = byUid.get(imported.uid);
    if (event) {
      matches.set(imported, event);
      taken.add(event.id);
    }
  }
  for (const imported of incoming) {
    if (matches.has(imported)) continue;
    let best: CalendarFeedEvent | undefined;
    let bestOverlap = -1;
    for (const event of stored) {
      if (taken.has(event.id) || event.kind !== imported.kind) continue;
      // A stored event whose UID is still in the feed is not a candidate: it is that event.
      if (incoming.some((other) => other.uid === event.uid)) continue;
      const overlap = daysBetween(maxDate(event.startsOn, imported.from), minDate(event.endsOn, imported.to));
      if (overlap >= 0 && overlap > bestOverlap) {
        best = event;
        bestOverlap = overlap;
      }
    }
    if (best) {
      matches.set(imported, best);
      taken.add(best.id);
    }
  }
  return matches;
}
