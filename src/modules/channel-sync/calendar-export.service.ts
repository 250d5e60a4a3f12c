import { createHash, randomBytes } from 'node:crypto';
import ical, { ICalCalendarMethod, ICalEventTransparency } from 'ical-generator';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../../db/transaction';
import { addDays, todayIn } from '../../platform/calendar-dates';
import type { Clock } from '../../platform/clock';
import { badInput, notFound } from '../../platform/errors';
import type { User } from '../accounts/user.entity';
import type { CatalogAccess } from '../catalog/catalog-access';
import { Property } from '../catalog/property.entity';
import { CalendarExportToken } from './channel-sync.entities';

/** Past stays kept in a feed: calendar apps keep their own history, and old events only make it longer. */
const PAST_DAYS = 30;

export interface CalendarExportView {
  /** The row id, to revoke it later. */
  id: string;
  /** The secret URL, returned once (at creation): only its hash is stored. */
  url: string | null;
  roomId: string | null;
  propertyId: string;
  createdAt: Date;
}

export interface RenderedFeed {
  body: string;
  etag: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest();

/**
 * iCal export of a room's (or a whole property's) unavailability: one VEVENT per reservation and block,
 * all-day, with a UID that stays the same for the life of the reservation or block, and no guest data.
 * Calendar apps cannot send headers, so the URL carries a 256-bit token; a new one rotates the old.
 */
export class CalendarExportService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
    private readonly clock: Clock,
    private readonly publicUrl: string,
  ) {}

  /** A new secret URL for a room or (roomId null) the whole property, revoking the previous one. */
  async create(viewer: User, scope: { propertyId?: string | null; roomId?: string | null }): Promise<CalendarExportView> {
    if (Boolean(scope.propertyId) === Boolean(scope.roomId)) throw badInput('roomId', 'Give either roomId or propertyId');
    const target = scope.roomId
      ? { roomId: scope.roomId, propertyId: (await this.access.assertManagesRoom(viewer, scope.roomId)).propertyId }
      : { roomId: null, propertyId: scope.propertyId! };
    if (!target.roomId) await this.access.assertManagesProperty(viewer, target.propertyId);
    const token = randomBytes(32).toString('base64url');
    const row = await inTransaction(this.db, async (manager) => {
      await manager.query(
        `UPDATE calendar_export_tokens SET revoked_at = $3 WHERE property_id = $1 AND room_id IS NOT DISTINCT FROM $2 AND revoked_at IS NULL`,
        [target.propertyId, target.roomId, this.clock.now()],
      );
      return manager.save(
        manager.create(CalendarExportToken, { ...target, tokenHash: hashToken(token), createdBy: viewer.id, createdAt: this.clock.now() }),
      );
    });
    return { id: row.id, url: this.urlOf(token), roomId: row.roomId, propertyId: row.propertyId, createdAt: row.createdAt };
  }

  /** Revokes an export URL: it answers 404 from now on. False when it was already revoked. */
  async revoke(viewer: User, id: string): Promise<boolean> {
    const row = await this.db.getRepository(CalendarExportToken).findOneBy({ id });
    if (!row) throw notFound('Calendar export');
    await this.access.assertManagesProperty(viewer, row.propertyId);
    const [, updated] = await this.db.query(`UPDATE calendar_export_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [
      id,
      this.clock.now(),
    ]);
    return Number(updated) > 0;
  }

  /** The live export URLs (without their secret) of a property, for the host's settings page. */
  async list(viewer: User, propertyId: string): Promise<CalendarExportView[]> {
    await this.access.assertManagesProperty(viewer, propertyId);
    return this.db.query(
      `SELECT id, property_id AS "propertyId", room_id AS "roomId", created_at AS "createdAt", NULL AS url
         FROM calendar_export_tokens WHERE property_id = $1 AND revoked_at IS NULL ORDER BY created_at`,
      [propertyId],
    );
  }

  /** The feed of a token, or null for an unknown or revoked one (the route answers 404 either way). */
  async render(token: string): Promise<RenderedFeed | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const [scope] = await this.db.query<{ property_id: string; room_id: string | null }[]>(
      `SELECT property_id, room_id FROM calendar_export_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
      [hashToken(token)],
    );
    if (!scope) return null;
    const property = await this.db.getRepository(Property).findOneByOrFail({ id: scope.property_id });
    const since = addDays(todayIn(property.timeZone, this.clock.now()), -PAST_DAYS);
    // room_occupancies holds exactly the active unavailability: live reservations and blocks (not lifted ones).
    const rows = await this.db.query<{ id: string; source: string; from: string; to: string; room_name: string }[]>(
      `SELECT coalesce(o.reservation_id, o.block_id) AS id, o.source, to_char(lower(o.stay), 'YYYY-MM-DD') AS "from",
              to_char(upper(o.stay), 'YYYY-MM-DD') AS "to", r.name AS room_name
         FROM room_occupancies o JOIN rooms r ON r.id = o.room_id
        WHERE r.property_id = $1 AND ($2::uuid IS NULL OR o.room_id = $2) AND upper(o.stay) > $3
        ORDER BY lower(o.stay), r.name`,
      [scope.property_id, scope.room_id, since],
    );
    const host = new URL(this.publicUrl).hostname;
    const calendar = ical({
      name: scope.room_id ? `${property.name} – ${(await this.db.query<{ name: string }[]>(`SELECT name FROM rooms WHERE id = $1`, [scope.room_id]))[0]?.name}` : property.name,
      prodId: { company: 'staygraph', product: 'channel-sync', language: 'EN' },
      method: ICalCalendarMethod.PUBLISH,
      ttl: 60 * 60,
    });
    for (const row of rows) {
      const summary = row.source === 'RESERVATION' ? 'Reserved' : 'Not available';
      calendar.createEvent({
        id: `${row.id}@${host}`,
        start: new Date(`${row.from}T00:00:00Z`),
        end: new Date(`${row.to}T00:00:00Z`),
        allDay: true,
        // A fixed stamp: the same data gives the same bytes (and ETag) on every request.
        stamp: new Date(`${row.from}T00:00:00Z`),
        summary: scope.room_id ? summary : `${summary} (${row.room_name})`,
        transparency: ICalEventTransparency.OPAQUE,
      });
    }
    const body = calendar.toString();
    return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  }

  private urlOf(token: string): string {
    return `${this.publicUrl}/calendar/${token}.ics`;
  }
}
