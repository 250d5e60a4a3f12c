import { useEffect, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { ErrorMessage } from '../../components/ErrorMessage';
import { BlockDatesForm } from '../../components/host/BlockDatesForm';
import { CalendarLinks } from '../../components/host/CalendarLinks';
import { todayIn } from '../../components/host/host-dates';
import { PendingStays } from '../../components/host/PendingStays';
import { PricingRules } from '../../components/host/PricingRules';
import { RoomsCalendar } from '../../components/host/RoomsCalendar';
import { graphql } from '../../gql';
import { Link } from '../../router';

const HostPropertyQuery = graphql(`
  query HostProperty($id: ID!) {
    property(id: $id) {
      id
      name
      active
      currency
      timeZone
      paymentCollection
      address { city country }
      rooms {
        id
        name
        active
        maxGuests
        includedGuests
        beds
        roomType { code label }
        basePricePerNight { formatted }
      }
    }
  }
`);

const PropertyChanged = graphql(`
  subscription HostPropertyChanged($propertyId: ID!) {
    availabilityChanged(propertyId: $propertyId) { roomId from to reason }
  }
`);

/** One property, for its host: the month's calendar of every room, blocks, stays to answer, pricing rules, iCal links. */
export function HostPropertyPage({ id, query }: { id: string; query: URLSearchParams }) {
  const [{ data, fetching, error }] = useQuery({ query: HostPropertyQuery, variables: { id } });
  // Bumped when the property's availability changes — this page blocked dates or answered a stay, or someone
  // else booked, cancelled, or a feed synced (availabilityChanged) — so that the calendar and the stays reload.
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((n) => n + 1);
  const [heard] = useSubscription({ query: PropertyChanged, variables: { propertyId: id } });
  useEffect(() => {
    if (heard.data) setVersion((n) => n + 1);
  }, [heard.data]);

  if (fetching && !data) return <p>Loading…</p>;
  const property = data?.property;
  if (!property) {
    return (
      <section>
        <h1>Property not found</h1>
        <ErrorMessage error={error} />
        <p>
          <Link to="/host">Back to the host area</Link>
        </p>
      </section>
    );
  }
  return (
    <section>
      <p>
        <Link to="/host">← Host area</Link>
      </p>
      <h1>{property.name}</h1>
      <p className="muted">
        {property.address.city}, {property.address.country} · {property.timeZone} · {property.currency} ·{' '}
        {property.paymentCollection === 'AT_PROPERTY' ? 'paid at the property (you confirm each stay)' : 'paid online'}
        {property.active ? '' : ' · inactive'}
      </p>
      <RoomsCalendar propertyId={property.id} timeZone={property.timeZone} month={query.get('month')} version={version} />
      <div className="host-grid">
        <BlockDatesForm rooms={property.rooms} today={todayIn(property.timeZone)} onBlocked={changed} />
        <PendingStays propertyId={property.id} version={version} onChange={changed} />
      </div>
      <section aria-labelledby="rooms-heading" className="host-panel">
        <h2 id="rooms-heading">Rooms</h2>
        <table className="host-table">
          <caption className="visually-hidden">Rooms of {property.name}</caption>
          <thead>
            <tr>
              <th scope="col">Room</th>
              <th scope="col">Type</th>
              <th scope="col">Guests</th>
              <th scope="col">Beds</th>
              <th scope="col">Base price a night</th>
            </tr>
          </thead>
          <tbody>
            {property.rooms.map((room) => (
              <tr key={room.id}>
                <th scope="row">
                  {room.name}
                  {room.active ? '' : ' (inactive)'}
                </th>
                <td>{room.roomType.label}</td>
                <td>
                  {room.includedGuests} included, up to {room.maxGuests}
                </td>
                <td>{room.beds}</td>
                <td>{room.basePricePerNight.formatted}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <PricingRules propertyId={property.id} currency={property.currency} rooms={property.rooms} />
      <CalendarLinks propertyId={property.id} rooms={property.rooms} />
    </section>
  );
}
