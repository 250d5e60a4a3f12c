import { registerGuest } from './support/graphql-client';
import { ADMIN, CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, signIn, type TestHost } from './support/fixtures';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const CREATE_REVIEW = `mutation ($input: CreateReviewInput!) { createReview(input: $input) { id rating title text verified visible authorName cleanliness } }`;
const OPINION = `mutation ($input: OpinionInput!) { submitOpinion(input: $input) { id verified visible authorName } }`;
const MODERATE = `mutation ($id: ID!, $visible: Boolean!) { moderateReview(id: $id, visible: $visible) { id visible } }`;
const PROPERTY = `query ($id: ID!) { property(id: $id) { rating reviewCount host { avgRating totalReviews } reviews { totalCount edges { node { id title hostReply verified } } } } }`;
const SUGGEST = `mutation ($input: SuggestionInput!) { sendSuggestion(input: $input) { id name handled } }`;

interface Account {
  email: string;
  password: string;
}

describe('reviews, opinions, suggestions and wishlists', () => {
  const clock = new TestClock(new Date('2027-04-01T09:00:00Z'));
  let server: TestServer;
  let host: TestHost;
  let guest: Account & { id: string; fullName: string };
  let propertyId: string;
  let completedIds: string[];
  let pendingId: string;

  const as = (account: Account) => signIn(server.client, account);

  beforeAll(async () => {
    server = await startTestServer(adminEnv, { clock });
    host = await createHost(server.client, 'Casa Opinión Holidays');
    const registered = await registerGuest(server.client, { fullName: 'Vera Visitante' });
    guest = { email: registered.user.email, password: registered.password, id: registered.user.id, fullName: 'Vera Visitante' };
    propertyId = (await createProperty(server.client, host.token, { name: 'Casa Opinión' })).id;
    const roomId = (await createRoom(server.client, host.token, propertyId)).id;
    const jose = await registerGuest(server.client, { fullName: 'Jose Garcia' });
    const book = async (checkIn: string, checkOut: string, token?: string) =>
      (await server.client.data(CREATE_RESERVATION, { input: { roomId, checkIn, checkOut, guests: 2 } }, token ?? (await as(guest)))).createReservation.id as string;
    completedIds = [await book('2027-04-05', '2027-04-07'), await book('2027-04-10', '2027-04-12')];
    const josesStay = await book('2027-04-13', '2027-04-15', jose.accessToken);
    pendingId = await book('2027-06-01', '2027-06-03');
    for (const id of [...completedIds, josesStay]) await server.client.data(`mutation ($id: ID!) { confirmReservation(id: $id) { id } }`, { id }, await as(host));
    clock.set('2027-04-20T12:00:00Z');
    await server.app.services.maintenance.runNow(['COMPLETE_STAYS', 'REFRESH_CUSTOMER_STATS']);
  }, 60_000);
  afterAll(() => server.stop());

  it('lets the guest of a completed stay review it once, and updates the ratings', async () => {
    const token = await as(guest);
    const input = { reservationId: completedIds[0], rating: 4, title: 'Lovely terrace', text: 'We loved the sunsets.', cleanliness: 5 };
    const { createReview } = await server.client.data(CREATE_REVIEW, { input }, token);
    expect(createReview).toMatchObject({ rating: 4, verified: true, visible: true, authorName: 'Vera Visitante', cleanliness: 5 });
    expect((await server.client.error(CREATE_REVIEW, { input }, token)).extensions?.code).toBe('CONFLICT');
    await server.client.data(CREATE_REVIEW, { input: { ...input, reservationId: completedIds[1], rating: 5, title: 'Second time' } }, token);

    const { property } = await server.client.data(PROPERTY, { id: propertyId });
    expect(property).toMatchObject({ rating: 4.5, reviewCount: 2, host: { avgRating: 4.5, totalReviews: 2 } });
    expect(property.reviews.totalCount).toBe(2);
  });

  it('refuses reviews by others, of stays not completed, and with bad ratings or text', async () => {
    const stranger = await registerGuest(server.client);
    const base = { reservationId: completedIds[0], rating: 4, title: 'x', text: 'y' };
    expect((await server.client.error(CREATE_REVIEW, { input: base }, stranger.accessToken)).extensions?.code).toBe('FORBIDDEN');
    const token = await as(guest);
    expect((await server.client.error(CREATE_REVIEW, { input: { ...base, reservationId: pendingId } }, token)).extensions?.code).toBe('CONFLICT');
    expect((await server.client.error(CREATE_REVIEW, { input: { ...base, rating: 6 } }, token)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rating' });
    expect((await server.client.error(CREATE_REVIEW, { input: { ...base, text: 'a'.repeat(4001) } }, token)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
  });

  it('lets the host reply once, and nobody else', async () => {
    const { property } = await server.client.data(PROPERTY, { id: propertyId });
    const reviewId = property.reviews.edges[0].node.id;
    const REPLY = `mutation ($id: ID!, $text: String!) { replyToReview(id: $id, text: $text) { hostReply } }`;
    const other = await createHost(server.client);
    expect((await server.client.error(REPLY, { id: reviewId, text: 'Hi' }, other.token)).extensions?.code).toBe('FORBIDDEN');
    expect((await server.client.data(REPLY, { id: reviewId, text: 'Thank you, come back soon!' }, await as(host))).replyToReview.hostReply).toBe('Thank you, come back soon!');
    expect((await server.client.error(REPLY, { id: reviewId, text: 'Again' }, await as(host))).extensions?.code).toBe('CONFLICT');
  });

  it('answers an anonymous opinion the same way whether or not the name is a past visitor, and tells only admins', async () => {
    const opinion = { propertyId, rating: 1, title: 'Noisy', text: 'A dog barked all night.' };
    const visitor = await server.client.request(OPINION, { input: { ...opinion, fullName: 'vera visitante' } });
    const stranger = await server.client.request(OPINION, { input: { ...opinion, fullName: 'Nobody Atall' } });
    const withoutId = ({ data, ...rest }: any) => ({ ...rest, data: { submitOpinion: { ...data.submitOpinion, id: 'ID', authorName: 'NAME' } } });
    expect(withoutId(stranger)).toEqual(withoutId(visitor));
    expect(visitor).toMatchObject({ status: 200, data: { submitOpinion: { verified: false, visible: false, authorName: 'vera visitante' } } });
    expect(stranger.errors).toBeUndefined();
    // Asking whether the name matched is refused to anyone but admins, whatever the answer.
    const asked = await server.client.request(`mutation ($input: OpinionInput!) { submitOpinion(input: $input) { nameMatchesVisitor } }`, {
      input: { ...opinion, fullName: 'Vera Visitante' },
    });
    expect(asked.errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);

    const adminToken = await as(ADMIN);
    const { reviewsToModerate } = await server.client.data(`{ reviewsToModerate { id nameMatchesVisitor } }`, {}, adminToken);
    expect(reviewsToModerate).toEqual(
      expect.arrayContaining([
        { id: visitor.data?.['submitOpinion'].id, nameMatchesVisitor: true },
        { id: stranger.data?.['submitOpinion'].id, nameMatchesVisitor: false },
      ]),
    );
  });

  it('matches a visitor name ignoring case, spaces and accents', async () => {
    const input = { propertyId, fullName: '  josé  GARCÍA ', rating: 5, title: 'Muy bien', text: 'Todo perfecto.' };
    const { submitOpinion } = await server.client.data(OPINION, { input });
    const { reviewsToModerate } = await server.client.data(`{ reviewsToModerate { id nameMatchesVisitor } }`, {}, await as(ADMIN));
    expect(reviewsToModerate).toContainEqual({ id: submitOpinion.id, nameMatchesVisitor: true });
  });

  it('shows an approved opinion in the ratings, and hides it again', async () => {
    const opinion = { propertyId, fullName: 'Vera Visitante', rating: 1, title: 'Noisy', text: 'A dog barked all night.' };
    clock.advance(3_600_000); // a new hour for this address: the tests above used its allowance
    const { submitOpinion } = await server.client.data(OPINION, { input: opinion });
    expect((await server.client.data(PROPERTY, { id: propertyId })).property.reviewCount).toBe(2);
    const adminToken = await as(ADMIN);
    await server.client.data(MODERATE, { id: submitOpinion.id, visible: true }, adminToken);
    const after = (await server.client.data(PROPERTY, { id: propertyId })).property;
    expect(after).toMatchObject({ rating: 3.33, reviewCount: 3 });

    // Hiding an abusive review takes it out of the rating again.
    await server.client.data(MODERATE, { id: submitOpinion.id, visible: false }, adminToken);
    expect((await server.client.data(PROPERTY, { id: propertyId })).property).toMatchObject({ rating: 4.5, reviewCount: 2 });
    expect((await server.client.error(MODERATE, { id: submitOpinion.id, visible: true }, await as(guest))).extensions?.code).toBe('FORBIDDEN');
  });

  it('limits anonymous opinions per address', async () => {
    const opinion = { propertyId, fullName: 'Vera Visitante', rating: 5, title: 'Great', text: 'Really.' };
    const results = [];
    for (let i = 0; i < 6; i += 1) results.push(await server.client.request(OPINION, { input: opinion }));
    const limited = results.find((r) => r.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
    expect(limited?.errors?.[0]?.extensions?.['retryAfter']).toEqual(expect.any(Number));
    // The window is an hour: an hour later the address may send again.
    clock.advance(3_600_000);
    expect((await server.client.request(OPINION, { input: opinion })).errors).toBeUndefined();
  });

  it('takes suggestions from anyone, rate-limited, for admins to handle', async () => {
    const { sendSuggestion } = await server.client.data(SUGGEST, { input: { name: 'Nina Neighbour', email: 'nina@example.com', text: 'Please add bike parking.' } });
    expect(sendSuggestion).toMatchObject({ name: 'Nina Neighbour', handled: false });
    const bad = await server.client.error(SUGGEST, { input: { name: 'N', text: '   ' } });
    expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    const adminToken = await as(ADMIN);
    const open = await server.client.data(`{ suggestions(handled: false) { id text } }`, {}, adminToken);
    expect(open.suggestions).toContainEqual({ id: sendSuggestion.id, text: 'Please add bike parking.' });
    await server.client.data(`mutation ($id: ID!) { markSuggestionHandled(id: $id) { handled } }`, { id: sendSuggestion.id }, adminToken);
    const handled = await server.client.data(`{ suggestions(handled: true) { id } }`, {}, adminToken);
    expect(handled.suggestions.map((s: any) => s.id)).toContain(sendSuggestion.id);
    expect((await server.client.error(`{ suggestions { id } }`, {}, await as(guest))).extensions?.code).toBe('FORBIDDEN');

    const codes = [];
    for (let i = 0; i < 6; i += 1) codes.push((await server.client.request(SUGGEST, { input: { name: 'Spam', text: `spam ${i}` } })).errors?.[0]?.extensions?.code);
    expect(codes).toContain('RATE_LIMITED');
  });

  it('keeps a wishlist per guest', async () => {
    const token = await as(guest);
    const other = (await createProperty(server.client, await as(host), { name: 'Casa Deseo' })).id;
    const ADD = `mutation ($id: ID!) { addToWishlist(propertyId: $id) { id } }`;
    await server.client.data(ADD, { id: propertyId }, token);
    const { addToWishlist } = await server.client.data(ADD, { id: other }, token);
    expect(addToWishlist.map((p: any) => p.id)).toEqual([other, propertyId]);
    expect((await server.client.data(ADD, { id: other }, token)).addToWishlist).toHaveLength(2); // idempotent
    const { removeFromWishlist } = await server.client.data(`mutation ($id: ID!) { removeFromWishlist(propertyId: $id) { id } }`, { id: other }, token);
    expect(removeFromWishlist.map((p: any) => p.id)).toEqual([propertyId]);
    expect((await server.client.data(`{ myWishlist { id } }`, {}, token)).myWishlist).toEqual([{ id: propertyId }]);
    expect((await server.client.error(ADD, { id: '00000000-0000-4000-8000-000000000000' }, token)).extensions?.code).toBe('NOT_FOUND');
    expect((await server.client.error(`{ myWishlist { id } }`)).extensions?.code).toBe('UNAUTHENTICATED');
  });
});
