import { useState } from 'react';
import { useQuery } from 'urql';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PendingStays } from '../../components/host/PendingStays';
import { TodaysArrivals } from '../../components/host/TodaysArrivals';
import { graphql } from '../../gql';
import { Link } from '../../router';
import { useSession } from '../../use-session';

const HostPropertiesQuery = graphql(`
  query HostProperties($admin: Boolean!) {
    me {
      id
      hostProfile {
        id
        businessName
        kycStatus
        properties { ...HostPropertySummary }
      }
    }
    properties(filter: { includeInactive: true }, first: 100) @include(if: $admin) {
      edges { node { ...HostPropertySummary } }
    }
  }
  fragment HostPropertySummary on Property {
    id
    name
    kind
    active
    currency
    paymentCollection
    address { city country }
    rooms {
      id
      name
      active
      maxGuests
      roomType { code label }
      basePricePerNight { formatted }
    }
  }
`);

const KYC_TEXT = {
  PENDING: 'Your identity check is pending: your properties are not public until it is verified.',
  REJECTED: 'Your identity check was rejected: your properties are not public. Contact support.',
  VERIFIED: '',
} as const;

/** The host's home: who arrives today, what waits for an answer, and every property with its rooms. */
export function HostOverview() {
  const session = useSession();
  const admin = session?.user.role === 'ADMIN';
  const [{ data, fetching, error }] = useQuery({ query: HostPropertiesQuery, variables: { admin } });
  // A confirmation changes today's arrivals too.
  const [answered, setAnswered] = useState(0);
  const profile = data?.me?.hostProfile;
  const properties = profile?.properties ?? data?.properties?.edges.map(({ node }) => node) ?? [];

  return (
    <section>
      <h1>Host area{profile ? `: ${profile.businessName}` : ''}</h1>
      {profile && KYC_TEXT[profile.kycStatus] ? <p className="error">{KYC_TEXT[profile.kycStatus]}</p> : null}
      <div className="host-grid">
        <TodaysArrivals key={answered} />
        <PendingStays onChange={() => setAnswered((n) => n + 1)} />
      </div>
      <section aria-labelledby="properties-heading" className="host-panel">
        <h2 id="properties-heading">{admin && !profile ? 'Properties' : 'Your properties'}</h2>
        <ErrorMessage error={error} />
        {fetching && !data ? <p>Loading…</p> : null}
        {data && properties.length === 0 ? <p className="muted">No property yet.</p> : null}
        <ul className="host-list">
          {properties.map((property) => (
            <li key={property.id} className="host-card">
              <h3>
                <Link to={`/host/properties/${property.id}`}>{property.name}</Link>
                {property.active ? null : <span className="tag">inactive</span>}
              </h3>
              <p className="muted">
                {property.kind.toLowerCase()} · {property.address.city}, {property.address.country} · {property.currency} ·{' '}
                {property.paymentCollection === 'AT_PROPERTY' ? 'paid at the property (you confirm each stay)' : 'paid online'}
              </p>
              {property.rooms.length === 0 ? (
                <p className="muted">No rooms yet.</p>
              ) : (
                <ul aria-label={`Rooms of ${property.name}`}>
                  {property.rooms.map((room) => (
                    <li key={room.id}>
                      {room.name} ({room.roomType.label}) · up to {room.maxGuests} · {room.basePricePerNight.formatted} a night
                      {room.active ? '' : ' · inactive'}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
