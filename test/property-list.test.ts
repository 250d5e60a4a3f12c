import { createHost, createProperty, createRoom, type TestHost } from './support/fixtures';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * The property list reads plain rows, only the selected columns and its rooms and hosts in one statement
 * (src/modules/catalog/property-list.ts). Its answer must be the one the entity path (`property(id:)`) gives,
 * field by field, for whoever asks.
 */
const PROPERTY = `id kind name slug description address { line1 line2 city region country postalCode } location { latitude longitude }
  timeZone checkInTime checkOutTime houseRules amenities photos { url altText position } currency cancellationPolicy
  paymentCollection language bookingWindowDays reassignmentCutoffDays rating reviewCount active createdAt
  host { id businessName slug contactEmail kycStatus avgRating totalReviews createdAt payoutMethod kycNote }
  rooms { id name roomType { code label } maxGuests includedGuests beds sizeSquareMeters amenities airConditioning heating
    basePricePerNight { amount currency formatted } active property { id slug currency } }`;

const LIST = `query ($host: String) { properties(first: 10, filter: { host: $host, includeInactive: true }) { edges { node { ${PROPERTY} } } } }`;
const ONE = `query ($id: ID!) { property(id: $id) { ${PROPERTY} } }`;
// A field the list's column table does not know (pricing) makes it read every column.
const WITH_PRICING = `query ($host: String) { properties(filter: { host: $host }) { edges { node { id currency pricing { cleaningFee { amount currency } minNights } rooms { basePricePerNight { amount currency } } } } } }`;

describe('property list (one statement per page)', () => {
  let server: TestServer;
  let host: TestHost;
  let property: { id: string; slug: string };
  const rooms: { id: string }[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    host = await createHost(server.client, 'Casa Blanca Rentals');
    property = await createProperty(server.client, host.token, {
      name: 'Casa Blanca',
      checkInTime: '16:30',
      checkOutTime: '10:00',
      houseRules: 'No parties',
      amenities: ['wifi', 'pool', 'parking'],
      currency: 'JPY',
      photos: [
        { url: 'https://images.example.com/casa-blanca/pool.jpg', altText: 'Pool', position: 2 },
        { url: 'https://images.example.com/casa-blanca/front.jpg', altText: 'Front', position: 1 },
      ],
    });
    rooms.push(await createRoom(server.client, host.token, property.id, {
      name: 'Suite', roomType: { code: 'SUITE', label: 'Suite' }, sizeSquareMeters: 42, amenities: ['balcony'],
      airConditioning: true, basePricePerNight: { amount: 18500, currency: 'JPY' },
    }));
    rooms.push(await createRoom(server.client, host.token, property.id, {
      name: 'Attic', roomType: { code: 'DOUBLE', label: 'Double' }, basePricePerNight: { amount: 9000, currency: 'JPY' },
    }));
    const hidden = await createRoom(server.client, host.token, property.id, {
      name: 'Closed wing', roomType: { code: 'DOUBLE', label: 'Double' }, basePricePerNight: { amount: 7000, currency: 'JPY' },
    });
    await server.client.data(`mutation ($id: ID!) { updateRoom(id: $id, input: { active: false }) { id } }`, { id: hidden.id }, host.token);
    rooms.push(hidden);
    // Another host's property on the same page: its rooms and host must not mix with these.
    const other = await createHost(server.client);
    const next = await createProperty(server.client, other.token, { name: 'Next door' });
    await createRoom(server.client, other.token, next.id, { name: 'Other room' });
  });
  afterAll(() => server.stop());

  const listed = async (token?: string) => {
    const data = await server.client.data(LIST, { host: host.slug }, token);
    expect(data.properties.edges).toHaveLength(1);
    return data.properties.edges[0].node;
  };

  it('answers field by field what the entity path answers, for the public and for the host', async () => {
    const anonymous = await listed();
    expect(anonymous).toEqual((await server.client.data(ONE, { id: property.id })).property);
    const own = await listed(host.token);
    expect(own).toEqual((await server.client.data(ONE, { id: property.id }, host.token)).property);

    expect(anonymous).toMatchObject({
      id: property.id,
      name: 'Casa Blanca',
      description: 'A white house above the sea',
      address: { line1: 'Calle Mayor 1', line2: null, city: 'Nerja', region: 'Málaga', country: 'ES', postalCode: '29780' },
      location: { latitude: 36.7456, longitude: -3.8761 },
      checkInTime: '16:30',
      checkOutTime: '10:00',
      amenities: ['parking', 'pool', 'wifi'],
      photos: [
        { url: 'https://images.example.com/casa-blanca/front.jpg', altText: 'Front', position: 1 },
        { url: 'https://images.example.com/casa-blanca/pool.jpg', altText: 'Pool', position: 2 },
      ],
      currency: 'JPY',
      language: 'en',
      rating: null,
      reviewCount: 0,
      active: true,
      host: { id: host.hostProfileId, businessName: 'Casa Blanca Rentals', kycStatus: 'VERIFIED', totalReviews: 0, payoutMethod: null, kycNote: null },
    });
    expect(new Date(anonymous.createdAt).toISOString()).toBe(anonymous.createdAt);
    // The public sees the active rooms, in the rooms' order (type, then name); JPY has no minor unit.
    expect(anonymous.rooms).toEqual([
      {
        id: rooms[1]!.id, name: 'Attic', roomType: { code: 'DOUBLE', label: 'Double' }, maxGuests: 4, includedGuests: 2, beds: 2,
        sizeSquareMeters: null, amenities: [], airConditioning: false, heating: false,
        basePricePerNight: { amount: 9000, currency: 'JPY', formatted: expect.stringContaining('9,000') }, active: true,
        property: { id: property.id, slug: property.slug, currency: 'JPY' },
      },
      {
        id: rooms[0]!.id, name: 'Suite', roomType: { code: 'SUITE', label: 'Suite' }, maxGuests: 4, includedGuests: 2, beds: 2,
        sizeSquareMeters: 42, amenities: ['balcony'], airConditioning: true, heating: false,
        basePricePerNight: { amount: 18500, currency: 'JPY', formatted: expect.stringContaining('18,500') }, active: true,
        property: { id: property.id, slug: property.slug, currency: 'JPY' },
      },
    ]);
    // Its host also sees the inactive room, and the host profile's private fields (empty here, but not hidden).
    expect(own.rooms.map((room: { name: string }) => room.name)).toEqual(['Attic', 'Closed wing', 'Suite']);
  });

  it('reads every column when a field outside its table is selected (pricing)', async () => {
    const data = await server.client.data(WITH_PRICING, { host: host.slug });
    expect(data.properties.edges[0].node).toEqual({
      id: property.id,
      currency: 'JPY',
      pricing: { cleaningFee: { amount: 0, currency: 'JPY' }, minNights: 1 },
      rooms: [{ basePricePerNight: { amount: 9000, currency: 'JPY' } }, { basePricePerNight: { amount: 18500, currency: 'JPY' } }],
    });
  });

  it('keeps paging with the cursors it writes', async () => {
    const first = await server.client.data(`{ properties(first: 1) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }`);
    expect(first.properties.pageInfo).toEqual({ hasNextPage: true, endCursor: first.properties.edges[0].cursor });
    const second = await server.client.data(`query ($after: String) { properties(first: 5, after: $after) { edges { node { name } } pageInfo { hasNextPage } } }`, {
      after: first.properties.pageInfo.endCursor,
    });
    expect([first.properties.edges[0].node.name, ...second.properties.edges.map((edge: { node: { name: string } }) => edge.node.name)]).toEqual(['Next door', 'Casa Blanca']);
    expect(second.properties.pageInfo.hasNextPage).toBe(false);
  });
});
