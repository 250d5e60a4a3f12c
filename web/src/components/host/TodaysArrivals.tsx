import { useQuery } from 'urql';
import { addDays, today } from '../../dates';
import { graphql } from '../../gql';
import { ErrorMessage } from '../ErrorMessage';
import { todayIn } from './host-dates';

const ArrivalsQuery = graphql(`
  query HostArrivals($from: Date!, $to: Date!) {
    hostReservations(from: $from, to: $to, first: 100) {
      edges {
        node {
          id
          code
          status
          checkIn
          checkOut
          nights
          guests
          lateCheckout
          specialRequests
          contact { name phone }
          room { id name }
          property { id name timeZone checkInTime }
        }
      }
    }
  }
`);

const ARRIVING = new Set(['CONFIRMED', 'PENDING']);

/**
 * Who arrives today. There is no arrivals query: the host's stays around today (a window wide enough for every
 * time zone), kept when they check in on today's date where their property is.
 */
export function TodaysArrivals() {
  const here = today();
  const [{ data, fetching, error }] = useQuery({
    query: ArrivalsQuery,
    variables: { from: addDays(here, -1), to: addDays(here, 2) },
  });
  const arrivals = (data?.hostReservations.edges ?? [])
    .map(({ node }) => node)
    .filter((stay) => ARRIVING.has(stay.status) && stay.checkIn === todayIn(stay.property.timeZone))
    .sort((a, b) => a.property.name.localeCompare(b.property.name) || a.room.name.localeCompare(b.room.name));
  return (
    <section aria-labelledby="arrivals-heading" className="host-panel">
      <h2 id="arrivals-heading">Today’s arrivals</h2>
      <ErrorMessage error={error} />
      {fetching && !data ? <p>Loading…</p> : null}
      {data && arrivals.length === 0 ? <p className="muted">Nobody arrives today.</p> : null}
      {arrivals.length > 0 ? (
        <table className="host-table">
          <caption className="visually-hidden">Stays checking in today</caption>
          <thead>
            <tr>
              <th scope="col">Guest</th>
              <th scope="col">Property and room</th>
              <th scope="col">Stay</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {arrivals.map((stay) => (
              <tr key={stay.id}>
                <th scope="row">
                  {stay.contact.name}
                  {stay.contact.phone ? <span className="muted"> · {stay.contact.phone}</span> : null}
                </th>
                <td>
                  {stay.property.name}, {stay.room.name} (from {stay.property.checkInTime})
                </td>
                <td>
                  {stay.code} · {stay.nights} {stay.nights === 1 ? 'night' : 'nights'} · {stay.guests} {stay.guests === 1 ? 'guest' : 'guests'}
                  {stay.lateCheckout ? ' · late check-out' : ''}
                  {stay.specialRequests ? ` · ${stay.specialRequests}` : ''}
                </td>
                <td>{stay.status === 'PENDING' ? 'Waiting for you' : 'Confirmed'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
