import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { HostPropertyCalendarQuery } from '../../gql/graphql';
import { Link } from '../../router';
import { ErrorMessage } from '../ErrorMessage';
import { monthName, monthWindow, shiftMonth, shortDate, todayIn } from './host-dates';

const PropertyCalendarQuery = graphql(`
  query HostPropertyCalendar($propertyId: ID!, $from: Date!, $to: Date!) {
    propertyCalendar(propertyId: $propertyId, from: $from, to: $to) {
      room { id name roomType { label } }
      entries {
        kind
        from
        to
        blockId
        note
        movable
        reservation { id code status guests contact { name } }
      }
    }
  }
`);

const UnblockDates = graphql(`
  mutation HostUnblockDates($blockId: ID!) {
    unblockDates(blockId: $blockId)
  }
`);

type Entry = HostPropertyCalendarQuery['propertyCalendar'][number]['entries'][number];

const STATUS = { PENDING: 'pending', CONFIRMED: 'confirmed', CANCELLED: 'cancelled', REJECTED: 'rejected', EXPIRED: 'expired', COMPLETED: 'completed', NO_SHOW: 'no-show' } as const;

/** What a cell says: short in the table, whole in its title and in the list under it. */
function describe(entry: Entry): { short: string; long: string } {
  if (entry.kind === 'RESERVATION' && entry.reservation) {
    const r = entry.reservation;
    return { short: `${r.contact.name} · ${STATUS[r.status]}`, long: `${r.code}: ${r.contact.name}, ${r.guests} guests, ${STATUS[r.status]}${entry.movable ? ', may move' : ''}` };
  }
  if (entry.kind === 'BLOCK') return { short: `Blocked${entry.note ? `: ${entry.note}` : ''}`, long: `Blocked${entry.note ? `: ${entry.note}` : ''}` };
  return { short: `External${entry.note ? `: ${entry.note}` : ''}`, long: `Another channel's calendar${entry.note ? `: ${entry.note}` : ''}` };
}

/**
 * Every room of a property for one month: a table with a row per room and a column per night, each stay, block
 * or imported event spanning its nights. Reloads when `version` changes (the page heard or made a change).
 */
export function RoomsCalendar({ propertyId, timeZone, month, version }: { propertyId: string; timeZone: string; month: string | null; version: number }) {
  const shown = monthWindow(month, todayIn(timeZone).slice(0, 7));
  const [{ data, fetching, error }, refetch] = useQuery({ query: PropertyCalendarQuery, variables: { propertyId, from: shown.from, to: shown.to } });
  const [unblockResult, unblock] = useMutation(UnblockDates);
  const [done, setDone] = useState('');

  useEffect(() => {
    if (version > 0) refetch({ requestPolicy: 'network-only' });
  }, [version, refetch]);

  const onUnblock = async (entry: Entry, roomName: string) => {
    if (!entry.blockId) return;
    const result = await unblock({ blockId: entry.blockId });
    if (result.data) {
      setDone(`${roomName} is open again from ${shortDate(entry.from)} to ${shortDate(entry.to)}.`);
      refetch({ requestPolicy: 'network-only' });
    }
  };

  const today = todayIn(timeZone);
  const rooms = data?.propertyCalendar ?? [];
  return (
    <section aria-labelledby="calendar-heading" className="host-panel">
      <h2 id="calendar-heading">Calendar</h2>
      <nav aria-label="Month" className="host-month-nav">
        <Link to={`/host/properties/${propertyId}?month=${shiftMonth(shown.month, -1)}`}>← {monthName(shiftMonth(shown.month, -1))}</Link>
        <strong aria-current="date">{monthName(shown.month)}</strong>
        <Link to={`/host/properties/${propertyId}?month=${shiftMonth(shown.month, 1)}`}>{monthName(shiftMonth(shown.month, 1))} →</Link>
      </nav>
      <ErrorMessage error={error ?? unblockResult.error} />
      {fetching && !data ? <p>Loading…</p> : null}
      {data && rooms.length === 0 ? <p className="muted">This property has no rooms yet.</p> : null}
      {rooms.length > 0 ? (
        <div className="host-calendar-scroll" role="region" aria-labelledby="calendar-caption" tabIndex={0}>
          <table className="host-calendar" data-month={shown.month}>
            <caption id="calendar-caption">
              Every room in {monthName(shown.month)}: reservations, blocks and external calendar events
            </caption>
            <thead>
              <tr>
                <th scope="col">Room</th>
                {shown.days.map((day) => (
                  <th key={day} scope="col" className={day === today ? 'today' : undefined} aria-label={shortDate(day)}>
                    {Number(day.slice(8))}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rooms.map(({ room, entries }) => {
                const cells = [];
                for (let i = 0; i < shown.days.length; ) {
                  const day = shown.days[i]!;
                  const entry = entries.find((e) => e.from <= day && day < e.to);
                  if (!entry) {
                    cells.push(<td key={day} className="free" data-date={day} aria-label={`${shortDate(day)}: free`} />);
                    i += 1;
                    continue;
                  }
                  let span = 1;
                  while (i + span < shown.days.length && shown.days[i + span]! < entry.to) span += 1;
                  const text = describe(entry);
                  cells.push(
                    <td
                      key={day}
                      colSpan={span}
                      className={`taken ${entry.kind.toLowerCase()}`}
                      data-date={day}
                      data-kind={entry.kind}
                      data-code={entry.reservation?.code}
                      data-status={entry.reservation?.status}
                      title={`${shortDate(entry.from)} → ${shortDate(entry.to)}: ${text.long}`}
                    >
                      <span className="visually-hidden">
                        {shortDate(entry.from)} to {shortDate(entry.to)}:{' '}
                      </span>
                      {text.short}
                    </td>,
                  );
                  i += span;
                }
                return (
                  <tr key={room.id}>
                    <th scope="row">
                      {room.name}
                      <span className="muted"> {room.roomType.label}</span>
                    </th>
                    {cells}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <p role="status" className={done ? 'notice' : undefined}>
        {done}
      </p>
      {rooms.some(({ entries }) => entries.length > 0) ? (
        <>
          <h3>This month, room by room</h3>
          <ul className="host-agenda">
            {rooms.flatMap(({ room, entries }) =>
              entries.map((entry) => (
                <li key={`${room.id}-${entry.kind}-${entry.from}-${entry.blockId ?? entry.reservation?.id ?? ''}`} data-kind={entry.kind}>
                  <strong>{room.name}</strong>, {shortDate(entry.from)} → {shortDate(entry.to)}: {describe(entry).long}
                  {entry.kind === 'BLOCK' && entry.blockId ? (
                    <>
                      {' '}
                      <button
                        type="button"
                        className="link-button"
                        disabled={unblockResult.fetching}
                        onClick={() => void onUnblock(entry, room.name)}
                        aria-label={`Unblock ${room.name} from ${shortDate(entry.from)} to ${shortDate(entry.to)}`}
                      >
                        Unblock
                      </button>
                    </>
                  ) : null}
                </li>
              )),
            )}
          </ul>
        </>
      ) : null}
    </section>
  );
}
