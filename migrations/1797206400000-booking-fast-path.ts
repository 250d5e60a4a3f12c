import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Booking in two round trips (issue 16). `staygraph_stay_context` is the one read of a quote: the room, its
 * property and host, pricing rules, length-of-stay discounts, whether the nights are free and the viewer's
 * referral facts, as one jsonb. `staygraph_book_stay` takes a booking priced from that read: under the room's
 * calendar lock it reads the context again and books only if it is byte for byte the one priced (else it
 * answers STALE and the caller books the long way, everything read under its locks); then it writes the
 * reservation, its occupancy, its history entry and its outbox event in the same statement.
 * `staygraph_record_event` is the outbox's insert and its delivery job in one call, for every event.
 */
export class BookingFastPath1797206400000 implements MigrationInterface {
  name = 'BookingFastPath1797206400000';

  async up(db: QueryRunner): Promise<void> {
    // The room calendar's lock (src/db/room-lock.ts), defined once for TypeScript and SQL alike. Keyed on the
    // uuid's canonical text, so any spelling of an id takes the same lock.
    await db.query(`
      CREATE FUNCTION staygraph_lock_room_calendar(p_room uuid) RETURNS void LANGUAGE sql AS $$
        SELECT pg_advisory_xact_lock(hashtextextended('room:' || p_room, 7))
      $$`);

    await db.query(`
      CREATE FUNCTION staygraph_stay_context(p_room uuid, p_check_in date, p_check_out date, p_viewer uuid, p_lapsed text[])
      RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
      DECLARE
        v_context jsonb;
      BEGIN
        SELECT jsonb_build_object(
          'room', to_jsonb(r), 'property', to_jsonb(p), 'host', to_jsonb(h),
          'rules', (SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.id), '[]') FROM pricing_rules x WHERE x.property_id = p.id),
          'discounts', (SELECT coalesce(jsonb_agg(to_jsonb(d) ORDER BY d.min_nights), '[]') FROM length_of_stay_discounts d WHERE d.property_id = p.id),
          'occupied', EXISTS (SELECT 1 FROM room_occupancies o WHERE o.room_id = r.id AND o.stay && daterange(p_check_in, p_check_out)),
          'referrer', u.referred_by_user_id,
          -- only a referred guest's first booking matters: nobody else's context changes when they book
          'booked', u.referred_by_user_id IS NOT NULL
                    AND EXISTS (SELECT 1 FROM reservations b WHERE b.guest_user_id = u.id AND b.status <> ALL (p_lapsed)))
          INTO v_context
          FROM rooms r
          JOIN properties p ON p.id = r.property_id
          JOIN host_profiles h ON h.id = p.host_profile_id
          LEFT JOIN users u ON u.id = p_viewer
         WHERE r.id = p_room;
        RETURN v_context;
      END
      $$`);

    await db.query(`
      CREATE FUNCTION staygraph_record_event(p_topic text, p_aggregate uuid, p_payload jsonb, p_task text, p_max_attempts int)
      RETURNS uuid LANGUAGE plpgsql AS $$
      DECLARE
        v_event outbox_events%ROWTYPE;
      BEGIN
        INSERT INTO outbox_events (topic, aggregate_id, payload) VALUES (p_topic, p_aggregate, p_payload) RETURNING * INTO v_event;
        -- One job per event, in its aggregate's serial queue, due when the event was recorded (src/platform/outbox/outbox.ts).
        PERFORM graphile_worker.add_job(identifier => p_task, payload => json_build_object('eventId', v_event.id),
                                        max_attempts => p_max_attempts, job_key => 'outbox:' || v_event.id,
                                        queue_name => 'outbox:' || p_aggregate, run_at => v_event.created_at);
        RETURN v_event.id;
      END
      $$`);

    await db.query(`
      CREATE FUNCTION staygraph_book_stay(p_fingerprint text, p_lapsed text[], p_reservation jsonb, p_history jsonb, p_event jsonb)
      RETURNS jsonb LANGUAGE plpgsql AS $$
      DECLARE
        v_room uuid := (p_reservation->>'room_id')::uuid;
        v_check_in date := (p_reservation->>'check_in')::date;
        v_check_out date := (p_reservation->>'check_out')::date;
        v_context jsonb;
        v_columns text;
        v_row reservations%ROWTYPE;
      BEGIN
        -- Every statement after the lock sees what committed before it was granted.
        PERFORM staygraph_lock_room_calendar(v_room);
        v_context := staygraph_stay_context(v_room, v_check_in, v_check_out, (p_reservation->>'guest_user_id')::uuid, p_lapsed);
        IF v_context IS NULL THEN RETURN jsonb_build_object('status', 'STALE'); END IF;
        IF (v_context->>'occupied')::boolean THEN RETURN jsonb_build_object('status', 'UNAVAILABLE'); END IF;
        IF md5(v_context::text) <> p_fingerprint THEN RETURN jsonb_build_object('status', 'STALE'); END IF;
        IF EXISTS (SELECT 1 FROM reservations WHERE code = p_reservation->>'code') THEN RETURN jsonb_build_object('status', 'CODE_TAKEN'); END IF;

        -- The columns the caller gave (TypeORM's column names); the others take their defaults.
        SELECT string_agg(quote_ident(key), ', ') INTO v_columns FROM jsonb_object_keys(p_reservation) AS key;
        EXECUTE format('INSERT INTO reservations (%s) SELECT %s FROM jsonb_populate_record(NULL::reservations, $1) RETURNING *', v_columns, v_columns)
          INTO v_row USING p_reservation;
        INSERT INTO room_occupancies (room_id, stay, source, reservation_id)
          VALUES (v_row.room_id, daterange(v_row.check_in, v_row.check_out), 'RESERVATION', v_row.id);
        INSERT INTO reservation_history (reservation_id, from_status, to_status, actor_user_id, actor_role, reason, at)
          VALUES (v_row.id, NULL, v_row.status, (p_history->>'actor_user_id')::uuid, p_history->>'actor_role', p_history->>'reason',
                  (p_history->>'at')::timestamptz);
        PERFORM staygraph_record_event(p_event->>'topic', v_row.id, p_event->'payload',
                                       p_event->>'task', (p_event->>'max_attempts')::int);
        RETURN jsonb_build_object('status', 'BOOKED', 'reservation', to_jsonb(v_row));
      END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION staygraph_book_stay(text, text[], jsonb, jsonb, jsonb)`);
    await db.query(`DROP FUNCTION staygraph_record_event(text, uuid, jsonb, text, int)`);
    await db.query(`DROP FUNCTION staygraph_stay_context(uuid, date, date, uuid, text[])`);
    await db.query(`DROP FUNCTION staygraph_lock_room_calendar(uuid)`);
  }
}
