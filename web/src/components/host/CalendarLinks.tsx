import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { ErrorMessage } from '../ErrorMessage';

const CalendarExports = graphql(`
  query HostCalendarExports($propertyId: ID!) {
    calendarExports(propertyId: $propertyId) { id roomId createdAt }
  }
`);

const CreateExport = graphql(`
  mutation HostCreateCalendarExport($roomId: ID, $propertyId: ID) {
    createCalendarExport(roomId: $roomId, propertyId: $propertyId) { id roomId url createdAt }
  }
`);

const RevokeExport = graphql(`
  mutation HostRevokeCalendarExport($id: ID!) {
    revokeCalendarExport(id: $id)
  }
`);

/**
 * Each room's secret iCal address, for Airbnb, Booking.com and the like to read. The server keeps only a hash, so
 * an address can be shown once, right after it is made; making a new one retires the old one.
 */
export function CalendarLinks({ propertyId, rooms }: { propertyId: string; rooms: { id: string; name: string }[] }) {
  const [{ data, error }, refetch] = useQuery({ query: CalendarExports, variables: { propertyId } });
  const [createResult, create] = useMutation(CreateExport);
  const [revokeResult, revoke] = useMutation(RevokeExport);
  const [made, setMade] = useState<Record<string, string>>({});
  const [copied, setCopied] = useState('');

  const targets = [...rooms.map((room) => ({ key: room.id, roomId: room.id as string | null, name: room.name })), { key: 'property', roomId: null, name: 'The whole property' }];
  const activeFor = (roomId: string | null) => data?.calendarExports.find((e) => e.roomId === roomId);

  const onCreate = async (key: string, roomId: string | null) => {
    const result = await create(roomId ? { roomId } : { propertyId });
    const url = result.data?.createCalendarExport.url;
    if (url) {
      setMade({ ...made, [key]: url });
      refetch({ requestPolicy: 'network-only' });
    }
  };
  const onRevoke = async (key: string, id: string) => {
    const result = await revoke({ id });
    if (result.data) {
      const rest = { ...made };
      delete rest[key];
      setMade(rest);
      refetch({ requestPolicy: 'network-only' });
    }
  };
  const onCopy = async (name: string, url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(`The iCal link for ${name} is copied.`);
    } catch {
      setCopied('Copying is not allowed here: select the link and copy it.');
    }
  };

  return (
    <section aria-labelledby="ical-heading" className="host-panel">
      <h2 id="ical-heading">iCal links</h2>
      <p className="muted">
        Give a room’s link to another channel so that it closes the dates booked here. The link is shown once; a new link replaces the old one.
      </p>
      <ErrorMessage error={error ?? createResult.error ?? revokeResult.error} />
      <ul className="host-list">
        {targets.map((target) => {
          const active = activeFor(target.roomId);
          const url = made[target.key];
          return (
            <li key={target.key} className="host-card">
              <p>
                <strong>{target.name}</strong>
                {' · '}
                {active ? `link active since ${new Date(active.createdAt).toLocaleDateString()}` : 'no link'}
              </p>
              {url ? (
                <div className="host-copy">
                  <label>
                    iCal link for {target.name}
                    <input type="url" readOnly value={url} onFocus={(event) => event.target.select()} data-ical-room={target.roomId ?? 'property'} />
                  </label>
                  <button type="button" onClick={() => void onCopy(target.name, url)} aria-label={`Copy the iCal link for ${target.name}`}>
                    Copy
                  </button>
                </div>
              ) : null}
              <div className="host-actions">
                <button type="button" className="secondary" disabled={createResult.fetching} onClick={() => void onCreate(target.key, target.roomId)}>
                  {active ? `New iCal link for ${target.name}` : `Create an iCal link for ${target.name}`}
                </button>
                {active ? (
                  <button type="button" className="secondary" disabled={revokeResult.fetching} onClick={() => void onRevoke(target.key, active.id)}>
                    Revoke the link for {target.name}
                  </button>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      <p role="status">{copied}</p>
    </section>
  );
}
