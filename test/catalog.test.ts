import { registerGuest } from './support/graphql-client';
import {
  PROPERTY_FIELDS, ROOM_FIELDS, adminEnv, adminToken, createHost, createProperty, createRoom, propertyInput, roomInput,
  type TestHost,
} from './support/fixtures';
import { startTestServer, type TestServer } from './support/test-server';

const UPDATE_PROPERTY = `mutation ($id: ID!, $input: UpdatePropertyInput!) { updateProperty(id: $id, input: $input) { ${PROPERTY_FIELDS} } }`;
const CREATE_PROPERTY = `mutation ($input: CreatePropertyInput!) { createProperty(input: $input) { id slug } }`;
const UPDATE_ROOM = `mutation ($id: ID!, $input: UpdateRoomInput!) { updateRoom(id: $id, input: $input) { ${ROOM_FIELDS} } }`;
const CREATE_ROOM = `mutation ($input: CreateRoomInput!) { createRoom(input: $input) { id } }`;
const PROPERTY_BY_SLUG = `query ($slug: String!) { property(slug: $slug) { id name active rooms { id name active } } }`;
const PROPERTIES = `query ($filter: PropertyFilter, $first: Int, $after: String) {
  properties(filter: $filter, first: $first, after: $after) { totalCount edges { cursor node { slug } } pageInfo { hasNextPage endCursor } }
}`;

describe('catalog management and browsing', () => {
  let server: TestServer;
  let admin: string;
  let host: TestHost;
  let otherHost: TestHost;

  beforeAll(async () => {
    server = await startTestServer(adminEnv);
    admin = await adminToken(server.client);
    host = await createHost(server.client, 'Costa Olivo');
    otherHost = await createHost(server.client, 'Somebody Else');
  });
  afterAll(() => server.stop());

  it('lets a host create a property with normalized details, readable by anyone', async () => {
    const property = await createProperty(server.client, host.token, {
      name: 'Casa Olivo',
      amenities: ['Sea View', 'wifi', 'wifi', 'pool'],
      photos: [
        { url: 'https://img.example.com/2.jpg', altText: 'Terrace', position: 2 },
        { url: 'https://img.example.com/1.jpg', altText: 'Front', position: 1 },
      ],
      checkInTime: '16:00',
    });
    expect(property).toMatchObject({
      slug: 'casa-olivo',
      kind: 'HOUSE',
      active: true,
      currency: 'EUR',
      timeZone: 'Europe/Madrid',
      checkInTime: '16:00',
      checkOutTime: '11:00',
      amenities: ['pool', 'sea_view', 'wifi'],
      address: { line1: 'Calle Mayor 1', city: 'Nerja', country: 'ES' },
      location: { latitude: 36.7456, longitude: -3.8761 },
      host: { id: host.hostProfileId, slug: host.slug },
    });
    expect(property.photos.map((p: any) => p.altText)).toEqual(['Front', 'Terrace']);
    const anonymous = await server.client.data(PROPERTY_BY_SLUG, { slug: 'casa-olivo' });
    expect(anonymous.property).toMatchObject({ id: property.id, name: 'Casa Olivo' });
  });

  it('gives a taken slug a suffix when derived and CONFLICT when explicit', async () => {
    const first = await createProperty(server.client, host.token, { name: 'Villa Azul' });
    const second = await createProperty(server.client, otherHost.token, { name: 'Villa Azul' });
    expect([first.slug, second.slug]).toEqual(['villa-azul', 'villa-azul-2']);
    const taken = await server.client.error(CREATE_PROPERTY, { input: propertyInput({ slug: 'villa-azul' }) }, host.token);
    expect(taken.extensions).toMatchObject({ code: 'CONFLICT', field: 'slug' });
  });

  it.each([
    ['timeZone', { timeZone: 'Mars/Olympus' }],
    ['currency', { currency: 'euro' }],
    ['address.country', { address: { line1: 'x', city: 'Nerja', country: 'Spain' } }],
    ['photos.0.url', { photos: [{ url: 'ftp://files.example.com/a.jpg', altText: 'A' }] }],
    ['checkInTime', { checkInTime: '25:00' }],
    ['amenities.0', { amenities: ['!'] }],
  ])('rejects a bad %s with BAD_USER_INPUT naming the field', async (field, override) => {
    const error = await server.client.error(CREATE_PROPERTY, { input: propertyInput(override) }, host.token);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('lets only hosts and admins create, and only the owner or an admin change', async () => {
    const guest = await registerGuest(server.client);
    expect((await server.client.error(CREATE_PROPERTY, { input: propertyInput() }, guest.accessToken)).extensions?.code).toBe('FORBIDDEN');
    expect((await server.client.error(CREATE_PROPERTY, { input: propertyInput() })).extensions?.code).toBe('UNAUTHENTICATED');
    const stolen = await server.client.error(
      CREATE_PROPERTY,
      { input: propertyInput({ hostProfileId: host.hostProfileId }) },
      otherHost.token,
    );
    expect(stolen.extensions?.code).toBe('FORBIDDEN');

    const property = await createProperty(server.client, host.token, { name: 'Casa Limonero' });
    const byOther = await server.client.error(UPDATE_PROPERTY, { id: property.id, input: { name: 'Mine now' } }, otherHost.token);
    expect(byOther.extensions?.code).toBe('FORBIDDEN');
    const byGuest = await server.client.error(UPDATE_PROPERTY, { id: property.id, input: { name: 'Mine now' } }, guest.accessToken);
    expect(byGuest.extensions?.code).toBe('FORBIDDEN');

    const byOwner = await server.client.data(UPDATE_PROPERTY, { id: property.id, input: { name: 'Casa Limonero Alta', houseRules: 'No parties' } }, host.token);
    expect(byOwner.updateProperty.name).toBe('Casa Limonero Alta');
    const byAdmin = await server.client.data(UPDATE_PROPERTY, { id: property.id, input: { cancellationPolicy: 'STRICT' } }, admin);
    expect(byAdmin.updateProperty).toMatchObject({ cancellationPolicy: 'STRICT', name: 'Casa Limonero Alta' });
  });

  it('lets an admin create a property for a named host, and asks which host otherwise', async () => {
    const missing = await server.client.error(CREATE_PROPERTY, { input: propertyInput() }, admin);
    expect(missing.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'hostProfileId' });
    const { createProperty: created } = await server.client.data(
      `mutation ($input: CreatePropertyInput!) { createProperty(input: $input) { host { id } } }`,
      { input: propertyInput({ name: 'Admin Made', hostProfileId: otherHost.hostProfileId }) },
      admin,
    );
    expect(created.host.id).toBe(otherHost.hostProfileId);
  });

  it('answers a malformed or unknown id with BAD_USER_INPUT or NOT_FOUND, never a 500', async () => {
    const malformed = await server.client.error(UPDATE_PROPERTY, { id: 'not-an-id', input: { name: 'x' } }, host.token);
    expect(malformed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const nested = await server.client.error(CREATE_ROOM, { input: roomInput('nope') }, host.token);
    expect(nested.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'propertyId' });
    const unknown = await server.client.error(UPDATE_PROPERTY, { id: '00000000-0000-4000-8000-000000000000', input: { name: 'x' } }, host.token);
    expect(unknown.extensions?.code).toBe('NOT_FOUND');
    expect(await server.client.data(`{ property(id: "00000000-0000-4000-8000-000000000000") { id } }`)).toEqual({ property: null });
  });

  it('deactivates without deleting: hidden from the public, visible to the host and admins', async () => {
    const property = await createProperty(server.client, host.token, { name: 'Casa Almendro' });
    await createRoom(server.client, host.token, property.id);
    await server.client.data(UPDATE_PROPERTY, { id: property.id, input: { active: false } }, host.token);

    expect(await server.client.data(PROPERTY_BY_SLUG, { slug: 'casa-almendro' })).toEqual({ property: null });
    expect(await server.client.data(PROPERTY_BY_SLUG, { slug: 'casa-almendro' }, otherHost.token)).toEqual({ property: null });
    const own = await server.client.data(PROPERTY_BY_SLUG, { slug: 'casa-almendro' }, host.token);
    expect(own.property).toMatchObject({ active: false, rooms: [expect.objectContaining({ active: true })] });
    expect((await server.client.data(PROPERTY_BY_SLUG, { slug: 'casa-almendro' }, admin)).property.active).toBe(false);

    const storefront = `query ($slug: String!) { host(slug: $slug) { properties { slug } } }`;
    const publicSlugs = (await server.client.data(storefront, { slug: host.slug })).host.properties.map((p: any) => p.slug);
    expect(publicSlugs).not.toContain('casa-almendro');
    const ownSlugs = (await server.client.data(storefront, { slug: host.slug }, host.token)).host.properties.map((p: any) => p.slug);
    expect(ownSlugs).toContain('casa-almendro');

    await server.client.data(UPDATE_PROPERTY, { id: property.id, input: { active: true } }, host.token);
    expect((await server.client.data(PROPERTY_BY_SLUG, { slug: 'casa-almendro' })).property.active).toBe(true);
  });

  describe('rooms', () => {
    it('creates rooms in the property currency with Money prices', async () => {
      const property = await createProperty(server.client, host.token, { name: 'Hotel Sol', kind: 'HOTEL' });
      const room = await createRoom(server.client, host.token, property.id, {
        name: 'Double 101',
        roomType: { code: 'double', label: 'Double room' },
        maxGuests: 2,
        includedGuests: null,
        basePricePerNight: { amount: 8950, currency: 'EUR' },
      });
      expect(room).toMatchObject({
        roomType: { code: 'DOUBLE', label: 'Double room' },
        maxGuests: 2,
        includedGuests: 2,
        basePricePerNight: { amount: 8950, currency: 'EUR', formatted: '€89.50' },
        property: { id: property.id },
      });

      const wrongCurrency = await server.client.error(CREATE_ROOM, { input: roomInput(property.id, { basePricePerNight: { amount: 1, currency: 'USD' } }) }, host.token);
      expect(wrongCurrency.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'basePricePerNight.currency' });
      const tooMany = await server.client.error(CREATE_ROOM, { input: roomInput(property.id, { maxGuests: 2, includedGuests: 3 }) }, host.token);
      expect(tooMany.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'includedGuests' });
      const fractional = await server.client.error(CREATE_ROOM, { input: roomInput(property.id, { basePricePerNight: { amount: 0.5, currency: 'EUR' } }) }, host.token);
      expect(fractional.extensions?.code).toBe('BAD_USER_INPUT');
      const stranger = await server.client.error(CREATE_ROOM, { input: roomInput(property.id) }, otherHost.token);
      expect(stranger.extensions?.code).toBe('FORBIDDEN');
    });

    it('updates and deactivates rooms; inactive rooms disappear for the public only', async () => {
      const property = await createProperty(server.client, host.token, { name: 'Hotel Luna', kind: 'HOTEL' });
      const room = await createRoom(server.client, host.token, property.id, { name: 'Suite', roomType: { code: 'SUITE', label: 'Suite' } });
      const { updateRoom } = await server.client.data(UPDATE_ROOM, { id: room.id, input: { maxGuests: 1, basePricePerNight: { amount: 20000, currency: 'EUR' } } }, host.token);
      expect(updateRoom).toMatchObject({ maxGuests: 1, includedGuests: 1, basePricePerNight: { amount: 20000 } });
      expect((await server.client.error(UPDATE_ROOM, { id: room.id, input: { beds: 9 } }, otherHost.token)).extensions?.code).toBe('FORBIDDEN');

      await server.client.data(UPDATE_ROOM, { id: room.id, input: { active: false } }, admin);
      expect((await server.client.data(PROPERTY_BY_SLUG, { slug: 'hotel-luna' })).property.rooms).toEqual([]);
      expect((await server.client.data(PROPERTY_BY_SLUG, { slug: 'hotel-luna' }, host.token)).property.rooms).toHaveLength(1);
      expect(await server.client.data(`query ($id: ID!) { room(id: $id) { id } }`, { id: room.id })).toEqual({ room: null });
    });
  });

  describe('browsing', () => {
    let browsingHost: TestHost;
    beforeAll(async () => {
      browsingHost = await createHost(server.client, 'Browse Holidays');
      const places = [
        { name: 'Lisbon Loft', kind: 'APARTMENT', city: 'Lisboa', country: 'PT', amenities: ['wifi'] },
        { name: 'Alfama Rooms', kind: 'HOMESTAY', city: 'lisboa', country: 'PT', amenities: ['wifi', 'breakfast'] },
        { name: 'Porto Flat', kind: 'APARTMENT', city: 'Porto', country: 'PT', amenities: ['breakfast'] },
        { name: 'Bali Resort', kind: 'RESORT', city: 'Ubud', country: 'ID', amenities: ['pool', 'wifi', 'breakfast'] },
      ];
      for (const place of places) {
        await createProperty(server.client, browsingHost.token, {
          name: place.name,
          kind: place.kind,
          amenities: place.amenities,
          address: { line1: 'Rua 1', city: place.city, country: place.country },
        });
      }
    });

    const slugs = (result: any) => result.properties.edges.map((e: any) => e.node.slug).sort();

    it('filters by city (any case), country, kind, amenities and host', async () => {
      expect(slugs(await server.client.data(PROPERTIES, { filter: { city: 'LISBOA' } }))).toEqual(['alfama-rooms', 'lisbon-loft']);
      expect(slugs(await server.client.data(PROPERTIES, { filter: { country: 'id' } }))).toEqual(['bali-resort']);
      expect(slugs(await server.client.data(PROPERTIES, { filter: { kind: 'APARTMENT', host: browsingHost.slug } }))).toEqual(['lisbon-loft', 'porto-flat']);
      expect(slugs(await server.client.data(PROPERTIES, { filter: { amenities: ['wifi', 'Breakfast'], host: browsingHost.slug } }))).toEqual([
        'alfama-rooms',
        'bali-resort',
      ]);
    });

    it('pages with cursors, newest first', async () => {
      const filter = { host: browsingHost.slug };
      const page1 = await server.client.data(PROPERTIES, { filter, first: 3 });
      expect(page1.properties.totalCount).toBe(4);
      expect(page1.properties.pageInfo.hasNextPage).toBe(true);
      const page2 = await server.client.data(PROPERTIES, { filter, first: 3, after: page1.properties.pageInfo.endCursor });
      const all = [...page1.properties.edges, ...page2.properties.edges].map((e: any) => e.node.slug);
      expect(all).toEqual(['bali-resort', 'porto-flat', 'alfama-rooms', 'lisbon-loft']);
      expect(page2.properties.pageInfo.hasNextPage).toBe(false);
    });
  });
});
