import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage } from '../components/ErrorMessage';
import { PaymentPanel } from '../components/PaymentPanel';
import { formatDate } from '../dates';
import { graphql } from '../gql';
import { Link } from '../router';
import { useSession } from '../use-session';
import { POLICY_TEXT } from './PropertyPage';

const MyTrips = graphql(`
  query MyTrips($scope: ReservationScope!) {
    myReservations(scope: $scope, first: 50) {
      totalCount
      edges {
        node {
          id
          code
          status
          checkIn
          checkOut
          nights
          guests
          total { formatted }
          refundAmount { formatted }
          cancellationRefund { amount formatted }
          cancellationPolicy
          property { id name paymentCollection address { city country } }
          payments { status amount { formatted } }
        }
      }
    }
  }
`);

const CancelReservation = graphql(`
  mutation CancelReservation($id: ID!, $reason: String) {
    cancelReservation(id: $id, reason: $reason) { id status refundAmount { formatted } }
  }
`);

type Trip = NonNullable<ReturnType<typeof useTrips>[0]['data']>['myReservations']['edges'][number]['node'];

function useTrips(scope: 'UPCOMING' | 'PAST', signedIn = true) {
  return useQuery({ query: MyTrips, variables: { scope }, requestPolicy: 'cache-and-network', pause: !signedIn });
}

const STATUS_TEXT: Record<string, string> = {
  PENDING: 'Awaiting payment or the host',
  CONFIRMED: 'Confirmed',
  CANCELLED: 'Cancelled',
  REJECTED: 'Declined by the host',
  EXPIRED: 'Expired (not paid in time)',
  COMPLETED: 'Completed',
  NO_SHOW: 'No-show',
};

/** The guest's trips: upcoming and past; cancel with the refund shown first. */
export function TripsPage() {
  const session = useSession();
  const [upcoming, refetchUpcoming] = useTrips('UPCOMING', Boolean(session));
  const [past] = useTrips('PAST', Boolean(session));
  if (!session) {
    return (
      <section>
        <h1>My trips</h1>
        <p>
          <Link to="/signin?next=%2Ftrips">Sign in</Link> to see your trips.
        </p>
      </section>
    );
  }
  return (
    <section className="trips">
      <h1>My trips</h1>
      <h2 id="upcoming-heading">Upcoming</h2>
      <TripList result={upcoming} labelledBy="upcoming-heading" onChange={() => refetchUpcoming({ requestPolicy: 'network-only' })} cancellable />
      <h2 id="past-heading">Past</h2>
      <TripList result={past} labelledBy="past-heading" />
    </section>
  );
}

function TripList({ result, labelledBy, onChange, cancellable }: { result: ReturnType<typeof useTrips>[0]; labelledBy: string; onChange?: () => void; cancellable?: boolean }) {
  if (result.error) return <ErrorMessage error={result.error} />;
  if (!result.data) return <p aria-live="polite">Loading…</p>;
  const trips = result.data.myReservations.edges.map((edge) => edge.node);
  if (!trips.length) return <p className="muted">No trips.</p>;
  return (
    <ul className="trip-list" aria-labelledby={labelledBy}>
      {trips.map((trip) => (
        <TripCard key={trip.id} trip={trip} onChange={onChange} cancellable={cancellable} />
      ))}
    </ul>
  );
}

function TripCard({ trip, onChange, cancellable }: { trip: Trip; onChange?: () => void; cancellable?: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const [paying, setPaying] = useState(false);
  const [cancelled, cancel] = useMutation(CancelReservation);
  const paid = trip.payments.some((payment) => payment.status === 'SUCCEEDED');
  const canPay = cancellable && trip.status === 'PENDING' && !paid && trip.property.paymentCollection === 'ONLINE';
  const canCancel = cancellable && (trip.status === 'PENDING' || trip.status === 'CONFIRMED');
  const refund = cancelled.data?.cancelReservation.refundAmount ?? trip.refundAmount;
  const confirmCancel = async () => {
    const result = await cancel({ id: trip.id, reason: 'Cancelled by the guest in the web app' });
    if (!result.error) {
      setConfirming(false);
      onChange?.();
    }
  };
  return (
    <li className="trip" data-code={trip.code} data-status={trip.status}>
      <h3>
        <Link to={`/properties/${trip.property.id}?checkIn=${trip.checkIn}&checkOut=${trip.checkOut}&guests=${trip.guests}`}>{trip.property.name}</Link>
      </h3>
      <p>
        {formatDate(trip.checkIn)} → {formatDate(trip.checkOut)} · {trip.nights} {trip.nights === 1 ? 'night' : 'nights'} · {trip.property.address.city},{' '}
        {trip.property.address.country}
      </p>
      <p>
        Reference {trip.code} · <span className="status">{STATUS_TEXT[trip.status] ?? trip.status}</span> · total {trip.total.formatted}
        {paid ? ' · paid' : ''}
      </p>
      {trip.status === 'CANCELLED' && refund ? <p className="notice">Refund: {refund.formatted}</p> : null}
      {canPay && !paying ? (
        <button type="button" onClick={() => setPaying(true)}>
          Pay for trip {trip.code}
        </button>
      ) : null}
      {canPay && paying ? (
        <PaymentPanel
          reservationId={trip.id}
          onPaid={() => {
            setPaying(false);
            onChange?.();
          }}
        />
      ) : null}
      {canCancel && !confirming ? (
        <button type="button" className="secondary" onClick={() => setConfirming(true)}>
          Cancel trip {trip.code}
        </button>
      ) : null}
      {canCancel && confirming ? (
        <div className="cancel-confirm" role="group" aria-label={`Cancel trip ${trip.code}`}>
          <p>
            <strong>Refund policy ({trip.cancellationPolicy.toLowerCase()}):</strong> {POLICY_TEXT[trip.cancellationPolicy]}{' '}
            {paid && trip.cancellationRefund
              ? `You paid ${trip.total.formatted}: cancelling now refunds ${trip.cancellationRefund.formatted}.`
              : 'Nothing has been paid, so nothing is charged.'}
          </p>
          <ErrorMessage error={cancelled.error} />
          <div className="actions">
            <button type="button" onClick={() => void confirmCancel()} disabled={cancelled.fetching}>
              Yes, cancel
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep my trip
            </button>
          </div>
        </div>
      ) : null}
    </li>
  );
}
