import type { DataSource } from 'typeorm';
import type { Clock } from '../../platform/clock';
import { recordEvent } from '../../platform/outbox/outbox';
import type { Email } from './email-layout';
import { arrivalsDigestEmail, type DigestStay } from './host-emails';
import { hostTranslator } from './stay-view';

/** Stays that arrive or leave: booked (PENDING, e.g. waiting for a pay-at-property host) or CONFIRMED. */
const EXPECTED = `('PENDING', 'CONFIRMED')`;

/**
 * The maintenance job: for each active property whose host wants the digest and whose local time is past
 * `localHour`, tomorrow (in the property's time zone) gets one digest when someone arrives or leaves. The
 * (property, day) row is claimed with the outbox event in one transaction: running the job twice, or on
 * two instances at once, queues one email; the outbox delivers it (retries, delivery record).
 */
export async function queueArrivalsDigests(db: DataSource, clock: Clock, localHour: number): Promise<number> {
  const due = await db.query<{ property_id: string; day: string; arrivals: number; departures: number }[]>(
    `SELECT p.id AS property_id, d.day::text AS day,
            (SELECT count(*)::int FROM reservations r WHERE r.property_id = p.id AND r.status IN ${EXPECTED} AND r.check_in = d.day) AS arrivals,
            (SELECT count(*)::int FROM reservations r WHERE r.property_id = p.id AND r.status IN ${EXPECTED} AND r.check_out = d.day) AS departures
       FROM properties p
       JOIN host_profiles h ON h.id = p.host_profile_id
       CROSS JOIN LATERAL (SELECT ($1::timestamptz AT TIME ZONE p.time_zone) AS local_now) l
       CROSS JOIN LATERAL (SELECT (l.local_now::date + 1) AS day) d
      WHERE p.active AND h.notify_arrivals_digest AND extract(hour FROM l.local_now) >= $2
        AND NOT EXISTS (SELECT 1 FROM arrivals_digests a WHERE a.property_id = p.id AND a.day = d.day)`,
    [clock.now(), localHour],
  );
  let queued = 0;
  for (const row of due) {
    if (row.arrivals + row.departures === 0) continue;
    const claimed = await db.transaction(async (manager) => {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO arrivals_digests (property_id, day, arrivals, departures) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING day`,
        [row.property_id, row.day, row.arrivals, row.departures],
      );
      if (inserted.length === 0) return false;
      await recordEvent(manager, 'host.arrivals_digest', row.property_id, { propertyId: row.property_id, day: row.day });
      return true;
    });
    if (claimed) queued += 1;
  }
  return queued;
}

/** The digest email as of now (null when the host turned it off since, or nobody comes or goes any more). */
export async function loadArrivalsDigest(db: DataSource, propertyId: string, day: string): Promise<{ to: string; email: Email } | null> {
  const [property] = await db.query<{ name: string; country: string; language: string | null; business_name: string; contact_email: string; notify: boolean }[]>(
    `SELECT p.name, p.country, p.language, h.business_name, h.contact_email, h.notify_arrivals_digest AS notify
       FROM properties p JOIN host_profiles h ON h.id = p.host_profile_id WHERE p.id = $1`,
    [propertyId],
  );
  if (!property?.notify) return null;
  const stays = await db.query<(DigestStay & { kind: 'ARRIVAL' | 'DEPARTURE' })[]>(
    `SELECT CASE WHEN r.check_in = $2 THEN 'ARRIVAL' ELSE 'DEPARTURE' END AS kind, r.code, r.guest_name AS "guestName", r.guests,
            r.guest_phone AS "guestPhone", room.name AS room
       FROM reservations r JOIN rooms room ON room.id = r.room_id
      WHERE r.property_id = $1 AND r.status IN ${EXPECTED} AND (r.check_in = $2 OR r.check_out = $2)
      ORDER BY r.guest_name, r.code`,
    [propertyId, day],
  );
  if (stays.length === 0) return null;
  const email = arrivalsDigestEmail(hostTranslator({ language: property.language, country: property.country }), {
    propertyName: property.name,
    businessName: property.business_name,
    day,
    arrivals: stays.filter((stay) => stay.kind === 'ARRIVAL'),
    departures: stays.filter((stay) => stay.kind === 'DEPARTURE'),
  });
  return { to: property.contact_email, email };
}
