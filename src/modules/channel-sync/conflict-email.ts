import type { DataSource } from 'typeorm';
import type { Email } from '../notifications/email-layout';
import { calendarConflictEmail } from '../notifications/host-emails';
import { hostTranslator } from '../notifications/stay-view';

/** The host's email about a calendar conflict, or null once it was resolved (nothing left to say). */
export async function loadConflictEmail(db: DataSource, conflictId: string): Promise<{ to: string; email: Email } | null> {
  const [row] = await db.query<
    {
      property_name: string;
      country: string;
      language: string | null;
      business_name: string;
      contact_email: string;
      room_name: string;
      feed_name: string;
      code: string;
      guest_name: string;
      from: string;
      to: string;
      event_uid: string;
    }[]
  >(
    `SELECT p.name AS property_name, p.country, p.language, h.business_name, h.contact_email, r.name AS room_name, f.name AS feed_name,
            res.code, res.guest_name, to_char(c.starts_on, 'YYYY-MM-DD') AS "from", to_char(c.ends_on, 'YYYY-MM-DD') AS "to", c.event_uid
       FROM calendar_conflicts c
       JOIN calendar_feeds f ON f.id = c.feed_id JOIN rooms r ON r.id = f.room_id JOIN properties p ON p.id = r.property_id
       JOIN host_profiles h ON h.id = p.host_profile_id JOIN reservations res ON res.id = c.reservation_id
      WHERE c.id = $1 AND c.resolved_at IS NULL`,
    [conflictId],
  );
  if (!row) return null;
  const email = calendarConflictEmail(hostTranslator({ language: row.language, country: row.country }), {
    propertyName: row.property_name,
    businessName: row.business_name,
    roomName: row.room_name,
    feedName: row.feed_name,
    code: row.code,
    guestName: row.guest_name,
    from: row.from,
    to: row.to,
    eventUid: row.event_uid,
  });
  return { to: row.contact_email, email };
}
