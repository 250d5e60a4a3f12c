import { useEffect, useMemo, useRef, useState } from 'react';
import type { AvailabilityChangedSubscription } from '../gql/graphql';
import { useQuery, useSubscription } from 'urql';
import { addDays, formatDate } from '../dates';
import { graphql } from '../gql';
import { ErrorMessage } from './ErrorMessage';

const RoomMonth = graphql(`
  query RoomMonth($propertyId: ID!, $roomId: ID!, $from: Date!, $to: Date!) {
    availability(propertyId: $propertyId, roomId: $roomId, from: $from, to: $to) {
      room { id name }
      unavailable { from to reason }
    }
  }
`);

const AvailabilityChanged = graphql(`
  subscription AvailabilityChanged($propertyId: ID!) {
    availabilityChanged(propertyId: $propertyId) { roomId from to reason at }
  }
`);

type Heard = { count: number; events: (AvailabilityChangedSubscription['availabilityChanged'] & { seq: number })[] };

/** First day of the month of `date`, `YYYY-MM-01`. */
export function monthOf(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

function shiftMonth(month: string, by: number): string {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + by);
  return d.toISOString().slice(0, 10);
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/**
 * One room's nights for a month, as a table (a caption, a row per week), each night labelled free or taken.
 * Live: every `availabilityChanged` event of the property refetches the month (events are hints, and one may be
 * missed while the socket reconnects); meanwhile the event's own range is shown at once, so another person's
 * booking appears without waiting for the round trip.
 */
export function MonthCalendar({ propertyId, roomId, start, selected }: { propertyId: string; roomId: string; start: string; selected?: { from: string; to: string } }) {
  const [month, setMonth] = useState(() => monthOf(start));
  useEffect(() => setMonth(monthOf(start)), [start]);
  const to = shiftMonth(month, 1);
  const [{ data, error }, refetch] = useQuery({ query: RoomMonth, variables: { propertyId, roomId, from: month, to } });
  // Every event heard, numbered, the last few kept: two events in one render must not hide each other.
  const [{ data: heard }] = useSubscription({ query: AvailabilityChanged, variables: { propertyId } }, (previous: Heard | undefined, event) => ({
    count: (previous?.count ?? 0) + 1,
    events: [...(previous?.events ?? []).slice(-19), { ...event.availabilityChanged, seq: (previous?.count ?? 0) + 1 }],
  }));
  // What the events say about this room's nights, shown at once until the refetched month replaces it.
  const [hints, setHints] = useState<Record<string, boolean>>({});
  const seen = useRef(0);
  useEffect(() => {
    if (!heard || heard.count <= seen.current) return;
    const fresh = heard.events.filter((event) => event.seq > seen.current);
    seen.current = heard.count;
    setHints((before) => {
      const next = { ...before };
      for (const event of fresh) {
        if (event.roomId !== roomId) continue;
        const nowTaken = event.reason === 'RESERVED' || event.reason === 'BLOCKED';
        for (let night = event.from; night < event.to; night = addDays(night, 1)) next[night] = nowTaken;
      }
      return next;
    });
    refetch({ requestPolicy: 'network-only' });
  }, [heard, refetch, roomId]);
  useEffect(() => setHints({}), [data]);

  const taken = useMemo(() => {
    const nights = new Set<string>();
    for (const range of data?.availability[0]?.unavailable ?? []) {
      for (let night = range.from; night < range.to; night = addDays(night, 1)) nights.add(night);
    }
    for (const [night, isTaken] of Object.entries(hints)) {
      if (isTaken) nights.add(night);
      else nights.delete(night);
    }
    return nights;
  }, [data, hints]);

  // Weeks start on Monday; blank cells before the first and after the last day.
  const weeks: (string | null)[][] = [];
  const firstWeekday = (new Date(`${month}T00:00:00Z`).getUTCDay() + 6) % 7;
  let week: (string | null)[] = Array.from({ length: firstWeekday }, () => null);
  for (let day = month; day < to; day = addDays(day, 1)) {
    week.push(day);
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length) weeks.push([...week, ...Array.from({ length: 7 - week.length }, () => null)]);

  const title = new Date(`${month}T00:00:00Z`).toLocaleDateString(undefined, { timeZone: 'UTC', month: 'long', year: 'numeric' });
  const roomName = data?.availability[0]?.room.name;
  return (
    <div className="month-calendar">
      <div className="month-nav">
        <button type="button" className="secondary" onClick={() => setMonth(shiftMonth(month, -1))} aria-label="Previous month">
          ‹ Previous
        </button>
        <button type="button" className="secondary" onClick={() => setMonth(shiftMonth(month, 1))} aria-label="Next month">
          Next ›
        </button>
      </div>
      <ErrorMessage error={error} />
      <table aria-busy={!data}>
        <caption>
          {title}
          {roomName ? ` — ${roomName}` : ''}
        </caption>
        <thead>
          <tr>
            {WEEKDAYS.map((day) => (
              <th key={day} scope="col">
                {day}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((days, index) => (
            <tr key={index}>
              {days.map((day, column) => {
                if (!day) return <td key={column} />;
                const state = !data ? 'loading' : taken.has(day) ? 'taken' : 'free';
                const inStay = selected && day >= selected.from && day < selected.to;
                return (
                  <td
                    key={day}
                    data-date={day}
                    data-state={state}
                    className={`night ${state}${inStay ? ' in-stay' : ''}`}
                  >
                    <span aria-hidden="true">{Number(day.slice(8))}</span>
                    <span className="visually-hidden">{`${formatDate(day)}: ${state}${inStay ? ', in your stay' : ''}`}</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted legend">
        <span className="swatch free" aria-hidden="true" /> free <span className="swatch taken" aria-hidden="true" /> taken · updates live
      </p>
    </div>
  );
}
