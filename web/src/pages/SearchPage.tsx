import { type FormEvent, useState } from 'react';
import { useQuery } from 'urql';
import { ErrorMessage } from '../components/ErrorMessage';
import { addDays, today } from '../dates';
import { graphql } from '../gql';
import { Link, navigate, useRoute } from '../router';

const SearchStays = graphql(`
  query SearchStays($input: SearchStaysInput!) {
    searchStays(input: $input) {
      totalCount
      edges {
        node {
          property {
            id
            name
            kind
            rating
            address { city country }
            photos { url altText }
          }
          availableRoomCount
          minNightlyPrice { formatted }
          maxNightlyPrice { formatted }
        }
      }
    }
  }
`);

/** The search form's fields, kept in the address so a search can be shared and the back button works. */
function searchFrom(query: URLSearchParams) {
  const checkIn = query.get('checkIn') ?? addDays(today(), 14);
  return {
    checkIn,
    checkOut: query.get('checkOut') ?? addDays(checkIn, 2),
    guests: Number(query.get('guests') ?? 2),
    city: query.get('city') ?? '',
    currency: query.get('currency') ?? 'EUR',
    minPrice: query.get('minPrice') ?? '',
    maxPrice: query.get('maxPrice') ?? '',
  };
}

/** Major units typed by a person → minor units (2 decimals: the search form's currencies). */
const minor = (major: string) => (major.trim() === '' ? undefined : Math.round(Number(major) * 100));

export function SearchPage() {
  const { query } = useRoute();
  const asked = searchFrom(query);
  const [form, setForm] = useState(asked);
  const priced = asked.minPrice !== '' || asked.maxPrice !== '';
  const [{ data, fetching, error }] = useQuery({
    query: SearchStays,
    variables: {
      input: {
        checkIn: asked.checkIn,
        checkOut: asked.checkOut,
        guests: asked.guests,
        city: asked.city || undefined,
        ...(priced ? { currency: asked.currency, minPrice: minor(asked.minPrice), maxPrice: minor(asked.maxPrice) } : {}),
        first: 20,
      },
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = new URLSearchParams(Object.entries(form).filter(([, value]) => value !== '').map(([key, value]) => [key, String(value)]));
    navigate(`/?${params.toString()}`);
  };
  const field = (name: keyof typeof form) => ({
    name,
    value: form[name],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [name]: name === 'guests' ? Number(event.target.value) : event.target.value }),
  });
  const stay = `checkIn=${asked.checkIn}&checkOut=${asked.checkOut}&guests=${asked.guests}`;

  return (
    <section>
      <h1>Find a stay</h1>
      <form className="search-form" onSubmit={submit} role="search">
        <label>
          Check-in
          <input type="date" required {...field('checkIn')} />
        </label>
        <label>
          Check-out
          <input type="date" required min={form.checkIn ? addDays(form.checkIn, 1) : undefined} {...field('checkOut')} />
        </label>
        <label>
          Guests
          <input type="number" min={1} max={50} required {...field('guests')} />
        </label>
        <label>
          City
          <input type="text" autoComplete="address-level2" {...field('city')} />
        </label>
        <label>
          Min per night ({form.currency})
          <input type="number" min={0} step="0.01" inputMode="decimal" {...field('minPrice')} />
        </label>
        <label>
          Max per night ({form.currency})
          <input type="number" min={0} step="0.01" inputMode="decimal" {...field('maxPrice')} />
        </label>
        <button type="submit">Search</button>
      </form>
      <ErrorMessage error={error} />
      <p aria-live="polite" className="result-count">
        {fetching && !data ? 'Searching…' : data ? `${data.searchStays.totalCount} ${data.searchStays.totalCount === 1 ? 'stay' : 'stays'} found` : ''}
      </p>
      <ul className="results">
        {data?.searchStays.edges.map(({ node }) => (
          <li key={node.property.id} className="result">
            {node.property.photos[0] ? <img src={node.property.photos[0].url} alt={node.property.photos[0].altText} loading="lazy" /> : null}
            <div>
              <h2>
                <Link to={`/properties/${node.property.id}?${stay}`}>{node.property.name}</Link>
              </h2>
              <p>
                {node.property.address.city}, {node.property.address.country} · {node.property.kind.toLowerCase()}
                {node.property.rating != null ? ` · ★ ${node.property.rating.toFixed(1)}` : ''}
              </p>
              <p className="price">
                {node.minNightlyPrice.formatted === node.maxNightlyPrice.formatted
                  ? `${node.minNightlyPrice.formatted} a night`
                  : `${node.minNightlyPrice.formatted}–${node.maxNightlyPrice.formatted} a night`}{' '}
                · {node.availableRoomCount} {node.availableRoomCount === 1 ? 'room' : 'rooms'} free
              </p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
