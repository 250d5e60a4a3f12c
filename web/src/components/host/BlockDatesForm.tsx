import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { addDays } from '../../dates';
import { graphql } from '../../gql';
import { ErrorMessage } from '../ErrorMessage';
import { shortDate } from './host-dates';

const BlockDates = graphql(`
  mutation HostBlockDates($roomId: ID!, $from: Date!, $to: Date!, $reason: String) {
    blockDates(roomId: $roomId, from: $from, to: $to, reason: $reason) { id from to reason room { id name } }
  }
`);

/** Closes a room for nights [from, to) — the last date is the first night open again, as for a stay. */
export function BlockDatesForm({ rooms, today, onBlocked }: { rooms: { id: string; name: string }[]; today: string; onBlocked: () => void }) {
  const [roomId, setRoomId] = useState(rooms[0]?.id ?? '');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(addDays(today, 1));
  const [reason, setReason] = useState('');
  const [result, block] = useMutation(BlockDates);
  const [done, setDone] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    const answer = await block({ roomId, from, to, reason: reason.trim() || undefined });
    if (answer.data) {
      const made = answer.data.blockDates;
      setDone(`${made.room.name} is blocked from ${shortDate(made.from)} to ${shortDate(made.to)}.`);
      setReason('');
      onBlocked();
    }
  };

  if (rooms.length === 0) return null;
  return (
    <section aria-labelledby="block-heading" className="host-panel">
      <h2 id="block-heading">Block dates</h2>
      <form onSubmit={(event) => void submit(event)} className="host-form" aria-labelledby="block-heading">
        <label>
          Room
          <select name="roomId" value={roomId} onChange={(event) => setRoomId(event.target.value)} required>
            {rooms.map((room) => (
              <option key={room.id} value={room.id}>
                {room.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From (first night closed)
          <input type="date" name="from" value={from} required onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label>
          To (first night open again)
          <input type="date" name="to" value={to} min={from ? addDays(from, 1) : undefined} required onChange={(event) => setTo(event.target.value)} />
        </label>
        <label>
          Reason (only you see it)
          <input type="text" name="reason" value={reason} maxLength={200} onChange={(event) => setReason(event.target.value)} />
        </label>
        <button type="submit" disabled={result.fetching}>
          Block these dates
        </button>
      </form>
      <ErrorMessage error={result.error} />
      <p role="status" className={done ? 'notice' : undefined}>
        {done}
      </p>
    </section>
  );
}
