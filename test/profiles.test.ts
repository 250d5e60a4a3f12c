import { LOGIN, registerGuest } from './support/graphql-client';
import { startTestServer, type TestServer } from './support/test-server';

const ADMIN = { email: 'root@example.com', password: 'admin password 123' };
const UPDATE_GUEST_PROFILE = `mutation ($input: UpdateGuestProfileInput!) {
  updateGuestProfile(input: $input) { preferredLanguage preferredCurrency passportNumber passportCountry emergencyContact { name phone relation } }
}`;
const BECOME_HOST = `mutation ($input: BecomeHostInput!) {
  becomeHost(input: $input) { id slug businessName contactEmail kycStatus kycDocumentType payoutMethod totalBookings }
}`;
const VERIFY_HOST = `mutation ($id: ID!, $status: KycStatus!, $note: String) {
  verifyHost(hostProfileId: $id, status: $status, note: $note) { id kycStatus kycNote kycReviewedAt }
}`;
const PRIVATE_VIEW = `query ($id: ID!) { user(id: $id) {
  id guestProfile { passportNumber passportCountry preferredLanguage } customerStats { totalVisits tier }
} }`;

describe('profiles through the running server', () => {
  let server: TestServer;
  let adminToken: string;
  beforeAll(async () => {
    server = await startTestServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    adminToken = (await server.client.data(LOGIN, ADMIN)).login.accessToken;
  });
  afterAll(() => server.stop());

  describe('guest profile and customer stats', () => {
    it('lets the owner update and read the profile, passport included', async () => {
      const guest = await registerGuest(server.client);
      const { updateGuestProfile } = await server.client.data(
        UPDATE_GUEST_PROFILE,
        {
          input: {
            preferredLanguage: 'EN',
            preferredCurrency: 'eur',
            passportNumber: 'x1234567',
            passportCountry: 'de',
            emergencyContact: { name: 'Mum', phone: '+4915112345678', relation: 'mother' },
          },
        },
        guest.accessToken,
      );
      expect(updateGuestProfile).toEqual({
        preferredLanguage: 'en',
        preferredCurrency: 'EUR',
        passportNumber: 'X1234567',
        passportCountry: 'DE',
        emergencyContact: { name: 'Mum', phone: '+4915112345678', relation: 'mother' },
      });

      // Left-out fields stay; null clears.
      const { updateGuestProfile: after } = await server.client.data(
        UPDATE_GUEST_PROFILE,
        { input: { preferredLanguage: 'es', emergencyContact: null } },
        guest.accessToken,
      );
      expect(after).toMatchObject({ preferredLanguage: 'es', passportNumber: 'X1234567', emergencyContact: null });
    });

    it('rejects bad profile fields with BAD_USER_INPUT and the field path', async () => {
      const guest = await registerGuest(server.client);
      const error = await server.client.error(
        UPDATE_GUEST_PROFILE,
        { input: { emergencyContact: { name: 'Dad', phone: 'call me' } } },
        guest.accessToken,
      );
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'emergencyContact.phone' });
      const country = await server.client.error(UPDATE_GUEST_PROFILE, { input: { passportCountry: 'Germany' } }, guest.accessToken);
      expect(country.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'passportCountry' });
    });

    it('hides customer stats from the customer and shows them, and the passport, to admins', async () => {
      const guest = await registerGuest(server.client);
      await server.client.data(UPDATE_GUEST_PROFILE, { input: { passportNumber: 'P99887766' } }, guest.accessToken);

      const own = await server.client.request(`{ me { guestProfile { passportNumber } customerStats { tier } } }`, {}, guest.accessToken);
      expect(own.data?.['me']).toEqual({ guestProfile: { passportNumber: 'P99887766' }, customerStats: null });
      expect(own.errors?.[0]).toMatchObject({ path: ['me', 'customerStats'], extensions: { code: 'FORBIDDEN' } });

      const { user } = await server.client.data(PRIVATE_VIEW, { id: guest.user.id }, adminToken);
      expect(user.guestProfile.passportNumber).toBe('P99887766');
      expect(user.customerStats).toEqual({ totalVisits: 0, tier: 'NEW' });
    });

    it('refuses other users a look at someone else', async () => {
      const guest = await registerGuest(server.client);
      const other = await registerGuest(server.client);
      const error = await server.client.error(PRIVATE_VIEW, { id: guest.user.id }, other.accessToken);
      expect(error.extensions?.code).toBe('FORBIDDEN');
      expect((await server.client.error(PRIVATE_VIEW, { id: guest.user.id })).extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('hosts', () => {
    it('turns a guest into a PENDING host, once, and refreshes the role', async () => {
      const guest = await registerGuest(server.client, { email: 'lena@example.com' });
      const { becomeHost } = await server.client.data(
        BECOME_HOST,
        { input: { businessName: 'Casa Lena & Söhne', payoutMethod: 'BANK_TRANSFER', kycDocumentType: 'PASSPORT' } },
        guest.accessToken,
      );
      expect(becomeHost).toMatchObject({
        slug: 'casa-lena-sohne',
        contactEmail: 'lena@example.com',
        kycStatus: 'PENDING',
        payoutMethod: 'BANK_TRANSFER',
        totalBookings: 0,
      });
      const { me } = await server.client.data(`{ me { role hostProfile { id } } }`, {}, guest.accessToken);
      expect(me).toEqual({ role: 'HOST', hostProfile: { id: becomeHost.id } });

      const again = await server.client.error(BECOME_HOST, { input: { businessName: 'Again' } }, guest.accessToken);
      expect(again.extensions?.code).toBe('CONFLICT');
    });

    it('derives a free slug, and refuses a taken explicit one', async () => {
      const a = await registerGuest(server.client);
      const b = await registerGuest(server.client);
      const c = await registerGuest(server.client);
      const first = await server.client.data(BECOME_HOST, { input: { businessName: 'Sea View' } }, a.accessToken);
      const second = await server.client.data(BECOME_HOST, { input: { businessName: 'Sea  View!' } }, b.accessToken);
      expect([first.becomeHost.slug, second.becomeHost.slug]).toEqual(['sea-view', 'sea-view-2']);
      const taken = await server.client.error(BECOME_HOST, { input: { businessName: 'X', slug: 'sea-view' } }, c.accessToken);
      expect(taken.extensions).toMatchObject({ code: 'CONFLICT', field: 'slug' });
      const bad = await server.client.error(BECOME_HOST, { input: { businessName: 'X', slug: 'Not A Slug' } }, c.accessToken);
      expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'slug' });
    });

    it('lets only admins verify hosts, and shows the storefront publicly without private fields', async () => {
      const guest = await registerGuest(server.client);
      const { becomeHost } = await server.client.data(
        BECOME_HOST,
        { input: { businessName: 'Olive Grove Homes', payoutMethod: 'PAYPAL' } },
        guest.accessToken,
      );
      const variables = { id: becomeHost.id, status: 'VERIFIED', note: 'documents checked' };
      expect((await server.client.error(VERIFY_HOST, variables, guest.accessToken)).extensions?.code).toBe('FORBIDDEN');
      const stranger = await registerGuest(server.client);
      expect((await server.client.error(VERIFY_HOST, variables, stranger.accessToken)).extensions?.code).toBe('FORBIDDEN');

      const { verifyHost } = await server.client.data(VERIFY_HOST, variables, adminToken);
      expect(verifyHost).toMatchObject({ kycStatus: 'VERIFIED', kycNote: 'documents checked' });
      expect(verifyHost.kycReviewedAt).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);

      const storefront = `query ($slug: String!) { host(slug: $slug) { businessName kycStatus kycNote payoutMethod user { email } } }`;
      const anonymous = await server.client.data(storefront, { slug: 'olive-grove-homes' });
      expect(anonymous.host).toEqual({ businessName: 'Olive Grove Homes', kycStatus: 'VERIFIED', kycNote: null, payoutMethod: null, user: null });
      const owner = await server.client.data(storefront, { slug: 'olive-grove-homes' }, guest.accessToken);
      expect(owner.host).toMatchObject({ kycNote: 'documents checked', payoutMethod: 'PAYPAL', user: { email: guest.user.email } });

      const pending = await server.client.data(`{ hostProfiles(kycStatus: VERIFIED) { slug } }`, {}, adminToken);
      expect(pending.hostProfiles.map((h: any) => h.slug)).toContain('olive-grove-homes');
      const missing = await server.client.error(VERIFY_HOST, { ...variables, id: '00000000-0000-4000-8000-000000000000' }, adminToken);
      expect(missing.extensions?.code).toBe('NOT_FOUND');
    });

    it('lets a host update the own profile and refuses guests', async () => {
      const guest = await registerGuest(server.client);
      const update = `mutation ($input: UpdateHostProfileInput!) { updateHostProfile(input: $input) { businessName contactPhone } }`;
      expect((await server.client.error(update, { input: { businessName: 'X' } }, guest.accessToken)).extensions?.code).toBe('FORBIDDEN');
      await server.client.data(BECOME_HOST, { input: { businessName: 'Before' } }, guest.accessToken);
      const { updateHostProfile } = await server.client.data(
        update,
        { input: { businessName: 'After', contactPhone: '+351912345678' } },
        guest.accessToken,
      );
      expect(updateHostProfile).toEqual({ businessName: 'After', contactPhone: '+351912345678' });
    });
  });
});
