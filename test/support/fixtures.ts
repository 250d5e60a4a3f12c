import { type GraphQLTestClient, LOGIN, registerGuest } from './graphql-client';

/** Builders that go through the public API, as a host would. */

export const ADMIN = { email: 'root@example.com', password: 'admin password 123' };
export const adminEnv = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };

export async function adminToken(client: GraphQLTestClient): Promise<string> {
  return (await client.data(LOGIN, ADMIN)).login.accessToken;
}

/** One admin sign-in per server (test servers all bootstrap the ADMIN account), reused by fixtures. */
const adminTokens = new Map<string, Promise<string>>();

function cachedAdminToken(client: GraphQLTestClient): Promise<string> {
  let token = adminTokens.get(client.baseUrl);
  if (!token) {
    token = adminToken(client);
    adminTokens.set(client.baseUrl, token);
    token.catch(() => adminTokens.delete(client.baseUrl));
  }
  return token;
}

export const VERIFY_HOST = `mutation ($id: ID!, $status: KycStatus!, $note: String) {
  verifyHost(hostProfileId: $id, status: $status, note: $note) { id kycStatus }
}`;

/** Sets a host's KYC status through the admin API, as a reviewer would. */
export async function setKycStatus(client: GraphQLTestClient, hostProfileId: string, status: 'PENDING' | 'VERIFIED' | 'REJECTED') {
  const call = async (token: string) => client.request(VERIFY_HOST, { id: hostProfileId, status, note: 'test fixture' }, token);
  let result = await call(await cachedAdminToken(client));
  if (result.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') {
    // The cached token outlived its 15 minutes (a test clock moved on): sign in again.
    adminTokens.delete(client.baseUrl);
    result = await call(await cachedAdminToken(client));
  }
  if (result.errors?.length) throw new Error(`verifyHost failed: ${JSON.stringify(result.errors)}`);
}

export interface TestHost {
  token: string;
  userId: string;
  hostProfileId: string;
  slug: string;
  email: string;
  password: string;
}

let hosts = 0;

/**
 * A new host, VERIFIED by the bootstrap admin (as production requires before a host's properties are public);
 * `{ verified: false }` leaves it PENDING.
 */
export async function createHost(
  client: GraphQLTestClient,
  businessName = `Host ${++hosts} ${Date.now()}`,
  options: { verified?: boolean } = {},
): Promise<TestHost> {
  const guest = await registerGuest(client);
  const { becomeHost } = await client.data(
    `mutation ($input: BecomeHostInput!) { becomeHost(input: $input) { id slug } }`,
    { input: { businessName } },
    guest.accessToken,
  );
  if (options.verified ?? true) await setKycStatus(client, becomeHost.id, 'VERIFIED');
  return {
    token: guest.accessToken,
    userId: guest.user.id,
    hostProfileId: becomeHost.id,
    slug: becomeHost.slug,
    email: guest.user.email,
    password: guest.password,
  };
}

export const PROPERTY_FIELDS = `id slug name kind active currency timeZone checkInTime checkOutTime amenities cancellationPolicy
  address { line1 city country } location { latitude longitude } photos { url altText position } host { id slug }`;

export function propertyInput(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'HOUSE',
    name: 'Casa Test',
    description: 'A white house above the sea',
    address: { line1: 'Calle Mayor 1', city: 'Nerja', region: 'Málaga', country: 'ES', postalCode: '29780' },
    location: { latitude: 36.7456, longitude: -3.8761 },
    timeZone: 'Europe/Madrid',
    amenities: ['wifi', 'pool'],
    photos: [{ url: 'https://images.example.com/casa-test/front.jpg', altText: 'Front of the house' }],
    currency: 'EUR',
    cancellationPolicy: 'FLEXIBLE',
    // Test houses are in Spain but speak English, so that tests read English emails (with Spanish formats
    // such as €246.90 and "Friday, 10 December 2027"); test/localization.test.ts covers the other languages.
    language: 'en',
    ...overrides,
  };
}

export async function createProperty(client: GraphQLTestClient, token: string, overrides: Record<string, unknown> = {}) {
  const { createProperty } = await client.data(
    `mutation ($input: CreatePropertyInput!) { createProperty(input: $input) { ${PROPERTY_FIELDS} } }`,
    { input: propertyInput(overrides) },
    token,
  );
  return createProperty as { id: string; slug: string; name: string; [key: string]: any };
}

export const ROOM_FIELDS = `id name roomType { code label } maxGuests includedGuests beds amenities active
  basePricePerNight { amount currency formatted } property { id }`;

export function roomInput(propertyId: string, overrides: Record<string, unknown> = {}) {
  return {
    propertyId,
    name: 'Whole house',
    roomType: { code: 'WHOLE_HOUSE', label: 'Whole house' },
    maxGuests: 4,
    includedGuests: 2,
    beds: 2,
    basePricePerNight: { amount: 12000, currency: 'EUR' },
    ...overrides,
  };
}

export async function createRoom(client: GraphQLTestClient, token: string, propertyId: string, overrides: Record<string, unknown> = {}) {
  const { createRoom } = await client.data(
    `mutation ($input: CreateRoomInput!) { createRoom(input: $input) { ${ROOM_FIELDS} } }`,
    { input: roomInput(propertyId, overrides) },
    token,
  );
  return createRoom as { id: string; [key: string]: any };
}

export const BLOCK = `mutation ($roomId: ID!, $from: Date!, $to: Date!, $reason: String) {
  blockDates(roomId: $roomId, from: $from, to: $to, reason: $reason) { id from to reason }
}`;

export async function blockDates(client: GraphQLTestClient, token: string, roomId: string, from: string, to: string, reason?: string) {
  return (await client.data(BLOCK, { roomId, from, to, reason }, token)).blockDates as { id: string; from: string; to: string };
}

/** A date `days` from today (UTC), YYYY-MM-DD. */
export function daysFromNow(days: number): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A fresh access token: after a test clock jump, earlier tokens have expired in the server's eyes. */
export async function signIn(client: GraphQLTestClient, account: { email: string; password: string }): Promise<string> {
  return (await client.data(LOGIN, { email: account.email, password: account.password })).login.accessToken;
}

export const RESERVATION_FIELDS = `id code status checkIn checkOut nights guests holdExpiresAt
  room { id } property { id } guest { id } contact { name email phone } specialRequests
  lines { date price { amount } rule } subtotal { amount } taxes { amount } total { amount currency }
  refundAmount { amount } cancellationPolicy history { from to actorRole reason actor { displayName role userId } }`;

export const CREATE_RESERVATION = `mutation ($input: CreateReservationInput!) { createReservation(input: $input) { ${RESERVATION_FIELDS} } }`;
