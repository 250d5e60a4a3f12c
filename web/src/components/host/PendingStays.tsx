import { type FormEvent, useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { formatDate } from '../../dates';
import { graphql } from '../../gql';
import { ErrorMessage } from '../ErrorMessage';

const PendingStaysQuery = graphql(`
  query HostPendingStays($propertyId: ID) {
    hostReservations(status: PENDING, propertyId: $propertyId, first: 100) {
      totalCount
      edges {
        node {
          id
          code
          checkIn
          checkOut
          nights
          guests
          holdExpiresAt
          specialRequests
          contact { name email }
          total { formatted }
          room { id name }
          property { id name paymentCollection }
        }
      }
    }
  }
`);

const ConfirmStay = graphql(`
  mutation HostConfirmStay($id: ID!) {
    confirmReservation(id: $id) { id code status }
  }
`);

const RejectStay = graphql(`
  mutation HostRejectStay($id: ID!, $reason: String) {
    rejectReservation(id: $id, reason: $reason) { id code status }
  }
`);

/**
 * Stays held for the host's answer: houses paid at the property are confirmed (or rejected) here; a stay paid
 * online confirms itself with the payment, but the host may still confirm it (say, paid by bank transfer).
 */
export function PendingStays({ propertyId, version = 0, onChange }: { propertyId?: string; version?: number; onChange?: () => void }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: PendingStaysQuery, variables: { propertyId } });
  useEffect(() => {
    if (version > 0) refetch({ requestPolicy: 'network-only' });
  }, [version, refetch]);
  const [confirmResult, confirm] = useMutation(ConfirmStay);
  const [rejectResult, reject] = useMutation(RejectStay);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState('');

  const after = (text: string) => {
    setDone(text);
    setRejecting(null);
    setReason('');
    refetch({ requestPolicy: 'network-only' });
    onChange?.();
  };
  const onConfirm = async (id: string) => {
    const result = await confirm({ id });
    if (result.data) after(`${result.data.confirmReservation.code} is confirmed.`);
  };
  const onReject = async (event: FormEvent, id: string) => {
    event.preventDefault();
    const result = await reject({ id, reason: reason.trim() || undefined });
    if (result.data) after(`${result.data.rejectReservation.code} is rejected; the guest is told.`);
  };

  const stays = [...(data?.hostReservations.edges ?? [])].map(({ node }) => node).sort((a, b) => a.checkIn.localeCompare(b.checkIn));
  return (
    <section aria-labelledby="pending-heading" className="host-panel">
      <h2 id="pending-heading">Waiting for you</h2>
      <p role="status" className={done ? 'notice' : undefined}>
        {done}
      </p>
      <ErrorMessage error={error ?? confirmResult.error ?? rejectResult.error} />
      {fetching && !data ? <p>Loading…</p> : null}
      {data && stays.length === 0 ? <p className="muted">No stay is waiting for an answer.</p> : null}
      <ul className="host-list">
        {stays.map((stay) => (
          <li key={stay.id} className="host-card" data-reservation-code={stay.code}>
            <p>
              <strong>{stay.code}</strong> · {stay.contact.name} · {stay.guests} {stay.guests === 1 ? 'guest' : 'guests'}
            </p>
            <p>
              {stay.property.name}, {stay.room.name}: {formatDate(stay.checkIn)} → {formatDate(stay.checkOut)} ({stay.nights}{' '}
              {stay.nights === 1 ? 'night' : 'nights'}) · {stay.total.formatted}
            </p>
            <p className="muted">
              {stay.property.paymentCollection === 'AT_PROPERTY' ? 'Paid at the property: your confirmation books it.' : 'Paid online: waiting for the payment.'}
              {stay.holdExpiresAt ? ` Held until ${new Date(stay.holdExpiresAt).toLocaleString()}.` : ''}
            </p>
            {stay.specialRequests ? <p>Requests: {stay.specialRequests}</p> : null}
            <div className="host-actions">
              <button type="button" onClick={() => void onConfirm(stay.id)} disabled={confirmResult.fetching} aria-label={`Confirm ${stay.code}`}>
                Confirm
              </button>
              <button
                type="button"
                className="secondary"
                aria-expanded={rejecting === stay.id}
                aria-label={`Reject ${stay.code}…`}
                onClick={() => setRejecting(rejecting === stay.id ? null : stay.id)}
              >
                Reject…
              </button>
            </div>
            {rejecting === stay.id ? (
              <form onSubmit={(event) => void onReject(event, stay.id)} className="host-inline-form">
                <label>
                  Reason for {stay.contact.name} (optional)
                  <input name="reason" value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} />
                </label>
                <button type="submit" disabled={rejectResult.fetching}>
                  Reject {stay.code}
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
