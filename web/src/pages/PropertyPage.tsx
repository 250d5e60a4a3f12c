import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorMessage } from '../components/ErrorMessage';
import { MonthCalendar } from '../components/MonthCalendar';
import { PaymentPanel } from '../components/PaymentPanel';
import { QuoteView } from '../components/QuoteView';
import { addDays, formatDate, today } from '../dates';
import { graphql } from '../gql';
import { Link, navigate, useRoute } from '../router';
import { useSession } from '../use-session';

const PropertyDetails = graphql(`
  query PropertyDetails($id: ID!) {
    property(id: $id) {
      id
      name
      kind
      description
      address { line1 city region country }
      photos { url altText }
      cancellationPolicy
      paymentCollection
      checkInTime
      checkOutTime
      rooms {
        id
        name
        maxGuests
        beds
        roomType { label }
        basePricePerNight { formatted }
      }
    }
  }
`);

const StayQuote = graphql(`
  query StayQuote($input: QuoteInput!) {
    quote(input: $input) {
      nights
      bookable
      problems { code message }
      lines { date price { amount formatted } rule }
      subtotal { amount formatted }
      fees { label amount { amount formatted } }
      discounts { label amount { amount formatted } }
      taxes { amount formatted }
      total { amount formatted }
      discount { code applied reason amount { formatted } }
    }
  }
`);

const CreateReservation = graphql(`
  mutation CreateReservation($input: CreateReservationInput!) {
    createReservation(input: $input) {
      id
      code
      status
      checkIn
      checkOut
      total { formatted }
      holdExpiresAt
    }
  }
`);

export const POLICY_TEXT: Record<string, string> = {
  FLEXIBLE: 'Full refund until 48 hours before check-in, then the first night is kept.',
  MODERATE: 'Full refund until 5 days before check-in, then 50 %.',
  STRICT: '50 % refund until 7 days before check-in, then nothing.',
};

const REJECTION_TEXT: Record<string, string> = {
  UNKNOWN_CODE: 'There is no such code.',
  INACTIVE: 'This code is no longer active.',
  NOT_YET_VALID: 'This code is not valid yet.',
  EXPIRED: 'This code has expired.',
  NOT_FOR_PROPERTY: 'This code is not valid for this property.',
  NOT_FOR_ROOM_TYPE: 'This code is not valid for this room.',
  CURRENCY_MISMATCH: 'This code is in another currency.',
  SIGN_IN_REQUIRED: 'Sign in to use this code.',
  NOT_YOURS: 'This code belongs to another account.',
  NOT_FIRST_STAY: 'This code is for a first stay only.',
  USED_UP: 'This code has been used up.',
  USED_UP_BY_GUEST: 'You have already used this code.',
  MIN_TOTAL: 'The stay is below the minimum for this code.',
  NO_ELIGIBLE_NIGHTS: 'No night of this stay is on the code’s days.',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function stayFrom(query: URLSearchParams) {
  const checkIn = query.get('checkIn') ?? addDays(today(), 14);
  return { checkIn, checkOut: query.get('checkOut') ?? addDays(checkIn, 2), guests: Number(query.get('guests') ?? 2) };
}

/** A property for the guest's dates: photos, rooms and prices, the live month calendar, a quote and booking. */
export function PropertyPage({ id }: { id: string }) {
  const { query } = useRoute();
  const session = useSession();
  const [stay, setStay] = useState(() => stayFrom(query));
  const [roomId, setRoomId] = useState<string | null>(null);
  const [codeField, setCodeField] = useState('');
  const [discountCode, setDiscountCode] = useState('');
  const [{ data, error, fetching }] = useQuery({ query: PropertyDetails, variables: { id } });
  const property = data?.property;
  const room = property?.rooms.find((candidate) => candidate.id === roomId) ?? property?.rooms[0];
  // A date field being edited may be empty: ask for a quote only for a whole stay.
  const validStay = DATE.test(stay.checkIn) && DATE.test(stay.checkOut) && stay.checkIn < stay.checkOut && Number.isInteger(stay.guests) && stay.guests >= 1;
  const [{ data: quoted, error: quoteError }] = useQuery({
    query: StayQuote,
    variables: { input: { roomId: room?.id ?? '', checkIn: stay.checkIn, checkOut: stay.checkOut, guests: stay.guests, discountCode: discountCode || undefined } },
    pause: !room || !validStay,
  });
  const [booking, book] = useMutation(CreateReservation);
  const reservation = booking.data?.createReservation;

  if (fetching && !data) return <p aria-live="polite">Loading…</p>;
  if (error) return <ErrorMessage error={error} />;
  if (!property) {
    return (
      <section>
        <h1>Property not found</h1>
        <Link to="/">Search stays</Link>
      </section>
    );
  }

  const here = `/properties/${property.id}?checkIn=${stay.checkIn}&checkOut=${stay.checkOut}&guests=${stay.guests}`;
  // A paused query keeps its last answer: it is not the price of a stay being edited.
  const quote = validStay ? quoted?.quote : undefined;
  const onBook = async () => {
    if (!session) {
      navigate(`/signin?next=${encodeURIComponent(here)}`);
      return;
    }
    if (!room) return;
    await book({ input: { roomId: room.id, checkIn: stay.checkIn, checkOut: stay.checkOut, guests: stay.guests, discountCode: discountCode || undefined } });
  };
  const applyCode = (event: FormEvent) => {
    event.preventDefault();
    setDiscountCode(codeField.trim());
  };
  const field = (name: 'checkIn' | 'checkOut' | 'guests') => ({
    name,
    value: stay[name],
    onChange: (event: { target: { value: string } }) => setStay({ ...stay, [name]: name === 'guests' ? Number(event.target.value) : event.target.value }),
  });

  return (
    <article className="property">
      <h1>{property.name}</h1>
      <p className="muted">
        {[property.address.line1, property.address.city, property.address.region, property.address.country].filter(Boolean).join(', ')} · {property.kind.toLowerCase()}
      </p>
      {property.photos.length ? (
        <ul className="photos" aria-label="Photos">
          {property.photos.map((photo) => (
            <li key={photo.url}>
              <img src={photo.url} alt={photo.altText} loading="lazy" />
            </li>
          ))}
        </ul>
      ) : null}
      <p>{property.description}</p>
      <p className="muted">
        Check-in from {property.checkInTime}, check-out until {property.checkOutTime}. {POLICY_TEXT[property.cancellationPolicy]}
      </p>

      <div className="property-grid">
        <section aria-labelledby="stay-heading">
          <h2 id="stay-heading">Your stay</h2>
          <form className="stay-form" onSubmit={(event) => event.preventDefault()}>
            <label>
              Check-in
              <input type="date" required min={today()} {...field('checkIn')} />
            </label>
            <label>
              Check-out
              <input type="date" required min={DATE.test(stay.checkIn) ? addDays(stay.checkIn, 1) : today()} {...field('checkOut')} />
            </label>
            <label>
              Guests
              <input type="number" min={1} max={50} required {...field('guests')} />
            </label>
          </form>

          <fieldset className="rooms">
            <legend>Rooms</legend>
            {property.rooms.map((candidate) => (
              <label key={candidate.id} className="room-choice">
                <input type="radio" name="room" value={candidate.id} checked={candidate.id === room?.id} onChange={() => setRoomId(candidate.id)} />
                <span>
                  <strong>{candidate.name}</strong> · {candidate.roomType.label} · up to {candidate.maxGuests} guests · {candidate.beds}{' '}
                  {candidate.beds === 1 ? 'bed' : 'beds'}
                  <br />
                  <RoomPrice roomId={candidate.id} stay={stay} fallback={`from ${candidate.basePricePerNight.formatted} a night`} enabled={validStay} />
                </span>
              </label>
            ))}
          </fieldset>

          <form className="code-form" onSubmit={applyCode}>
            <label>
              Discount code
              <input name="discountCode" autoComplete="off" value={codeField} onChange={(event) => setCodeField(event.target.value)} />
            </label>
            <button type="submit" className="secondary">
              Apply code
            </button>
          </form>
          {quote?.discount ? (
            <p role="status" className={quote.discount.applied ? 'notice' : 'error'}>
              {quote.discount.applied
                ? `Code ${quote.discount.code} takes ${quote.discount.amount.formatted} off.`
                : (REJECTION_TEXT[quote.discount.reason ?? ''] ?? 'This code does not apply.')}
            </p>
          ) : null}

          <ErrorMessage error={quoteError} />
          {!validStay ? <p className="error">Choose a check-in, a later check-out and the number of guests.</p> : null}
          {quote ? (
            <div aria-live="polite">
              <QuoteView quote={quote} caption={`Your price: ${formatDate(stay.checkIn)} to ${formatDate(stay.checkOut)}, ${stay.guests} ${stay.guests === 1 ? 'guest' : 'guests'}`} />
              {quote.problems.map((problem) => (
                <p key={problem.code} className="error">
                  {problem.message}
                </p>
              ))}
            </div>
          ) : null}

          {reservation ? (
            <Booked reservation={reservation} payAtProperty={property.paymentCollection === 'AT_PROPERTY'} />
          ) : (
            <>
              <ErrorMessage error={booking.error} />
              <button type="button" className="book" onClick={() => void onBook()} disabled={booking.fetching || !quote?.bookable}>
                {session ? 'Book' : 'Sign in to book'}
              </button>
            </>
          )}
        </section>

        <section aria-labelledby="calendar-heading">
          <h2 id="calendar-heading">Availability</h2>
          {room ? <MonthCalendar propertyId={property.id} roomId={room.id} start={DATE.test(stay.checkIn) ? stay.checkIn : today()} selected={validStay ? { from: stay.checkIn, to: stay.checkOut } : undefined} /> : <p>No rooms yet.</p>}
        </section>
      </div>
    </article>
  );
}

/** The room's total for the stay, or why it cannot be booked. */
function RoomPrice({ roomId, stay, fallback, enabled }: { roomId: string; stay: { checkIn: string; checkOut: string; guests: number }; fallback: string; enabled: boolean }) {
  const [{ data }] = useQuery({ query: StayQuote, variables: { input: { roomId, ...stay } }, pause: !enabled });
  const quote = enabled ? data?.quote : undefined;
  if (!quote) return <span className="muted">{fallback}</span>;
  if (!quote.bookable) return <span className="muted">Not available: {quote.problems[0]?.message ?? 'these dates'}</span>;
  return (
    <span className="price">
      {quote.total.formatted} for {quote.nights} {quote.nights === 1 ? 'night' : 'nights'}
    </span>
  );
}

/** A booking held for payment, paid here, or confirmed by the host for a stay paid at the property. */
function Booked({ reservation, payAtProperty }: { reservation: { id: string; code: string; total: { formatted: string } }; payAtProperty: boolean }) {
  const [paid, setPaid] = useState(false);
  return (
    <div className="booked" role="status" aria-live="polite" data-reservation-id={reservation.id}>
      <p className="notice">
        Booked: reference <strong>{reservation.code}</strong>, {reservation.total.formatted}.{' '}
        {paid ? 'Paid and confirmed.' : payAtProperty ? 'You pay at the property; the host confirms your stay.' : 'The dates are held while you pay.'}
      </p>
      {!paid && !payAtProperty ? <PaymentPanel reservationId={reservation.id} onPaid={() => setPaid(true)} /> : null}
      {paid || payAtProperty ? (
        <p>
          <Link to="/trips">See it in my trips</Link>
        </p>
      ) : null}
    </div>
  );
}
