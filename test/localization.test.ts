import { recordEvent } from '../src/platform/outbox/outbox';
import { ADMIN, CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom, propertyInput, signIn, type TestHost } from './support/fixtures';
import { FakeSendGrid, type SentMail } from './support/fake-sendgrid';
import { registerGuest } from './support/graphql-client';
import { flat, htmlText } from './support/message-text';
import { pdfText } from './support/pdf-text';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';


/** Words and formats that betray the other language: none may appear in a message written in one. */
const NOT_ENGLISH = ['Hola', 'Referencia', 'noche', 'reserva', 'sábado', 'domingo', 'lunes', ' de junio', ' de mayo', '246,90', '266,90', '123,45', 'a través de'];
const NOT_SPANISH = ['Hello', 'Reference', 'night', 'booking', 'Saturday', 'Sunday', 'Monday', 'June', 'May ', '€246', '€266', '€123', ' via staygraph'];

/** Each phrase in both parts (subject included), and none of the other language's words in either. */
function expectMail(mail: SentMail | undefined, phrases: string[], absent: string[]) {
  expect(mail).toBeDefined();
  const parts = { text: `${flat(mail!.subject)} ${flat(mail!.text)}`, html: `${flat(mail!.subject)} ${htmlText(mail!.html)}` };
  for (const [part, text] of Object.entries(parts)) {
    for (const phrase of phrases) expect([part, text]).toEqual([part, expect.stringContaining(phrase)]);
    for (const word of absent) expect([part, word, text.includes(word)]).toEqual([part, word, false]);
  }
}

const RESERVATION_ACTION = (name: string, withReason = false) =>
  `mutation ($id: ID!${withReason ? ', $reason: String' : ''}) { ${name}(id: $id${withReason ? ', reason: $reason' : ''}) { id status } }`;
const RUN = `mutation ($jobs: [MaintenanceJob!]) { runMaintenance(jobs: $jobs) { job error } }`;
const PREFER = `mutation ($input: UpdateGuestProfileInput!) { updateGuestProfile(input: $input) { preferredLanguage } }`;
const CREATE_PROPERTY = `mutation ($input: CreatePropertyInput!) { createProperty(input: $input) { id language } }`;
const UPDATE_PROPERTY = `mutation ($id: ID!, $input: UpdatePropertyInput!) { updateProperty(id: $id, input: $input) { id language } }`;

interface Account {
  email: string;
  password: string;
}

interface Scenario {
  guest: Account;
  roomId: string;
  /** Stay dates: the main booking (received → confirmed → cancelled), and the others. */
  main: { id: string; code: string };
  rejected: { code: string };
  expired: { code: string };
  failed: { code: string };
  noShow: { id: string; code: string };
  completed: { code: string };
  pdfs: { pending: string; confirmed: string; cancelled: string };
}

describe('one language per message: guest emails, host emails, the digest and the PDFs', () => {
  const sendgrid = new FakeSendGrid();
  const clock = new TestClock(new Date('2027-05-01T10:00:00Z'));
  let server: TestServer;
  let host: TestHost;
  let spain: { id: string };
  let peru: { id: string };
  let spanishGuest: Scenario;
  let englishGuest: Scenario;
  let peruvianGuest: Scenario;

  const as = (account: Account) => signIn(server.client, account);
  const deliver = () => server.app.services.outbox.processDue();
  const act = async (name: string, id: string, account: Account, reason?: string) =>
    server.client.data(RESERVATION_ACTION(name, reason !== undefined), { id, reason }, await as(account));
  const mailsOf = (to: string, code: string) => sendgrid.accepted.filter((mail) => mail.to === to && mail.subject.concat(mail.text).includes(code));
  const pdfOf = async (id: string, account: Account) => {
    const response = await fetch(`${server.url}/reservations/${id}/confirmation.pdf`, { headers: { authorization: `Bearer ${await as(account)}` } });
    expect(response.status).toBe(200);
    return flat(await pdfText(Buffer.from(await response.arrayBuffer())));
  };

  /** A guest (with a preferred language or none) who books each status once, in a room of their own. */
  async function scenario(fullName: string, preferredLanguage: string | null, propertyId: string, currency: string): Promise<Scenario> {
    const registered = await registerGuest(server.client, { fullName });
    const guest = { email: registered.user.email, password: registered.password };
    if (preferredLanguage) await server.client.data(PREFER, { input: { preferredLanguage } }, registered.accessToken);
    const roomId = (await createRoom(server.client, host.token, propertyId, { name: `Room of ${fullName}`, basePricePerNight: { amount: 12_345, currency } })).id;
    const book = async (checkIn: string, checkOut: string) =>
      (await server.client.data(CREATE_RESERVATION, { input: { roomId, checkIn, checkOut, guests: 2 } }, await as(guest))).createReservation as { id: string; code: string };
    const pay = (id: string) => server.client.data(`mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`, { id }, registered.accessToken);

    const main = await book('2027-06-05', '2027-06-07');
    const pending = await pdfOf(main.id, guest);
    await pay(main.id);
    const confirmed = await pdfOf(main.id, guest);
    await act('cancelReservation', main.id, guest);
    const cancelled = await pdfOf(main.id, guest);

    const rejected = await book('2027-06-12', '2027-06-14');
    await act('rejectReservation', rejected.id, host, 'Obras');
    const expired = await book('2027-06-19', '2027-06-21');
    const failed = await book('2027-06-26', '2027-06-28');
    await server.app.db.transaction((manager) => recordEvent(manager, 'payment.failed', failed.id, { reservationId: failed.id, intentId: 'pi_test', message: 'Card declined' }));
    const noShow = await book('2027-05-03', '2027-05-05');
    const completed = await book('2027-05-06', '2027-05-07');
    await pay(noShow.id);
    await pay(completed.id);
    return { guest, roomId, main, rejected, expired, failed, noShow, completed, pdfs: { pending, confirmed, cancelled } };
  }

  beforeAll(async () => {
    await sendgrid.start();
    server = await startTestServer({ ...adminEnv, SENDGRID_API_KEY: 'SG.test-key', SENDGRID_API_BASE: sendgrid.baseUrl, PUBLIC_URL: 'https://stays.example.com' }, { clock });
    host = await createHost(server.client, 'Sol SL');
    // No language chosen: each speaks its country's.
    spain = await createProperty(server.client, host.token, { name: 'Casa Sol', cancellationPolicy: 'FLEXIBLE', language: null });
    await server.client.data(
      `mutation ($id: ID!, $input: PricingSettingsInput!) { updatePricingSettings(propertyId: $id, input: $input) { cleaningFee { amount } } }`,
      { id: spain.id, input: { cleaningFee: { amount: 2_000, currency: 'EUR' } } },
      host.token,
    );
    peru = await createProperty(server.client, host.token, {
      name: 'Casa Inca',
      cancellationPolicy: 'FLEXIBLE',
      language: null,
      address: { line1: 'Calle Tigre 2', city: 'Cusco', country: 'PE' },
      timeZone: 'America/Lima',
      currency: 'PEN',
    });
    spanishGuest = await scenario('Sofía Sur', 'es', spain.id, 'EUR');
    englishGuest = await scenario('Ann Taylor', 'en', spain.id, 'EUR');
    peruvianGuest = await scenario('Pedro Puno', null, peru.id, 'PEN');
    await deliver(); // received, confirmed, cancelled, rejected, the failed payment: while holds still run

    try {
      clock.set('2027-05-03T21:00:00Z'); // past the 15:00 check-in in Madrid and in Lima; every hold has ended
      for (const { noShow } of [spanishGuest, englishGuest, peruvianGuest]) await act('markNoShow', noShow.id, host);
      await server.client.data(RUN, { jobs: ['EXPIRE_HOLDS'] }, await as(ADMIN));
      clock.set('2027-05-07T18:00:00Z');
      await server.client.data(RUN, { jobs: ['COMPLETE_STAYS'] }, await as(ADMIN));
    } finally {
      clock.set('2027-05-01T10:00:00Z');
    }
    await deliver();
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    await sendgrid.stop();
  });

  it("writes every guest email in Spanish for a Spanish-preferring guest: Spanish words, dates and '266,90 €'", () => {
    const { guest, main, rejected, expired, failed, noShow, completed } = spanishGuest;
    const [received, confirmed, cancelled, ...others] = mailsOf(guest.email, main.code);
    expect(others).toEqual([]);
    expectMail(received, [`Hemos recibido tu reserva ${main.code} en Casa Sol`, 'Hola, Sofía Sur:', 'Te guardamos las fechas mientras pagas, hasta el sábado, 1 de mayo de 2027, 12:15 (Europe/Madrid)',
      'Estancia: sábado, 5 de junio de 2027 – lunes, 7 de junio de 2027 (2 noches)', 'Total: 266,90 €', `Referencia: ${main.code}`, 'Sol SL a través de staygraph'], NOT_SPANISH);
    expectMail(confirmed, ['está confirmada', 'Hemos recibido tu pago de 266,90 €', 'Hora de entrada: 15:00'], NOT_SPANISH);
    expectMail(cancelled, ['Como pediste, tu reserva en Casa Sol', 'Te devolvemos 266,90 € en la tarjeta', 'política de cancelación flexible', 'Reembolso: 266,90 €'], NOT_SPANISH);
    expectMail(mailsOf(guest.email, rejected.code)[1], ['Sol SL no ha podido aceptar tu reserva', 'No se ha cobrado nada.', 'Motivo: Obras'], NOT_SPANISH);
    expectMail(mailsOf(guest.email, failed.code)[1], ['El pago de tu reserva en Casa Sol ha fallado', 'Seguimos guardándote las fechas hasta el sábado, 1 de mayo de 2027', 'Respuesta del banco: Card declined'], NOT_SPANISH);
    expectMail(mailsOf(guest.email, expired.code).at(-1), ['ha caducado', 'No recibimos el pago a tiempo'], NOT_SPANISH);
    expectMail(mailsOf(guest.email, noShow.code).at(-1), ['Consta que no llegaste a Casa Sol', 'ha registrado que no llegaste'], NOT_SPANISH);
    expectMail(mailsOf(guest.email, completed.code).at(-1), ['Gracias por alojarte en Casa Sol', 'Esperamos que hayas disfrutado', '(1 noche)'], NOT_SPANISH);
  });

  it("writes every guest email in English for an English-preferring guest at the same Spanish house: '€266.90', 'Saturday, 5 June 2027'", () => {
    const { guest, main, rejected, expired, failed, noShow, completed } = englishGuest;
    const [received, confirmed, cancelled, ...others] = mailsOf(guest.email, main.code);
    expect(others).toEqual([]);
    expectMail(received, [`We received your booking ${main.code} at Casa Sol`, 'Hello Ann Taylor,', 'held for you while you pay, until Saturday, 1 May 2027 at 12:15 (Europe/Madrid)',
      'Stay: Saturday, 5 June 2027 – Monday, 7 June 2027 (2 nights)', 'Total: €266.90', `Reference: ${main.code}`, 'Sol SL via staygraph'], NOT_ENGLISH);
    expectMail(confirmed, ['is confirmed', 'We received your payment of €266.90', 'Check-in from: 15:00'], NOT_ENGLISH);
    expectMail(cancelled, ['As you asked, your booking at Casa Sol', 'You get €266.90 back on the card', 'by the flexible cancellation policy', 'Refund: €266.90'], NOT_ENGLISH);
    expectMail(mailsOf(guest.email, rejected.code)[1], ['Sol SL could not accept your booking', 'Nothing was charged.', 'Reason: Obras'], NOT_ENGLISH);
    expectMail(mailsOf(guest.email, failed.code)[1], ['The payment for your booking at Casa Sol failed', 'Your dates stay held until Saturday, 1 May 2027', 'The bank said: Card declined'], NOT_ENGLISH);
    expectMail(mailsOf(guest.email, expired.code).at(-1), ['expired', 'We did not receive the payment in time'], NOT_ENGLISH);
    expectMail(mailsOf(guest.email, noShow.code).at(-1), ['You were recorded as not arriving at Casa Sol', 'recorded that you did not arrive'], NOT_ENGLISH);
    expectMail(mailsOf(guest.email, completed.code).at(-1), ['Thank you for staying at Casa Sol', 'We hope you enjoyed your stay', '(1 night)'], NOT_ENGLISH);
  });

  it("writes to a guest without a preference at a Peruvian house in Spanish, with soles and Lima's clock", () => {
    const { guest, main, noShow } = peruvianGuest;
    const [received, confirmed, cancelled] = mailsOf(guest.email, main.code);
    expectMail(received, ['Hola, Pedro Puno:', 'hasta el sábado, 1 de mayo de 2027, 5:15 a. m. (America/Lima)', 'Total: S/ 246.90', '(2 noches)'], NOT_SPANISH);
    expectMail(confirmed, ['Hemos recibido tu pago de S/ 246.90', 'Hora de entrada: 3:00 p. m.'], NOT_SPANISH);
    expectMail(cancelled, ['Te devolvemos S/ 246.90'], NOT_SPANISH);
    expectMail(mailsOf(guest.email, noShow.code).at(-1), ['Consta que no llegaste a Casa Inca'], NOT_SPANISH);
  });

  it("writes host emails in the property's language, whatever the guest's", () => {
    // The English guest's booking at a Spanish-speaking house: the host reads Spanish.
    const { main, failed } = englishGuest;
    const [created, cancelled] = mailsOf(host.email, main.code).filter((mail) => mail.to === host.email);
    expectMail(created, [`Nueva reserva ${main.code} en Casa Sol: sábado, 5 de junio de 2027`, 'Hola, Sol SL:', 'Ann Taylor ha reservado Room of Ann Taylor. El huésped paga en línea', 'Huéspedes: 2', 'Teléfono: no indicado', 'Total: 266,90 €'], NOT_SPANISH);
    expectMail(cancelled, ['El huésped ha cancelado la reserva de Ann Taylor', 'Reembolso al huésped: 266,90 €', 'Las fechas vuelven a estar libres'], NOT_SPANISH);
    expectMail(mailsOf(host.email, failed.code).find((mail) => mail.subject.startsWith('Ha fallado')), ['El pago en línea de Ann Taylor', 'Respuesta del banco: Card declined'], NOT_SPANISH);
  });

  it('prints the PDFs of a pending, a confirmed and a cancelled booking in the guest’s language', () => {
    const es = spanishGuest.pdfs;
    for (const [text, phrases] of [
      [es.pending, ['Reserva recibida — pendiente de pago', 'bloqueadas hasta el sábado, 1 de mayo de 2027, 12:15 (Europe/Madrid)', 'A pagar ahora: 266,90 €', 'Limpieza 20,00 €', 'Total a pagar 266,90 €']],
      [es.confirmed, ['Confirmación de reserva', 'sábado, 5 de junio de 2027, desde las 15:00', 'lunes, 7 de junio de 2027, hasta las 11:00', 'Tarifa por noche', 'Instrucciones de llegada', 'Política de cancelación', 'Flexible: reembolso total']],
      [es.cancelled, ['Aviso de cancelación', 'Reembolso: 266,90 €', 'política de cancelación flexible', 'Total reservado 266,90 €']],
    ] as [string, string[]][]) {
      for (const phrase of phrases) expect(text).toContain(phrase);
      for (const word of ['Booking', 'Saturday', 'Cleaning', 'Nightly', '€266', 'Total due', 'Check-in']) expect([word, text.includes(word)]).toEqual([word, false]);
    }
    const en = englishGuest.pdfs;
    for (const [text, phrases] of [
      [en.pending, ['Booking received — awaiting payment', 'held until Saturday, 1 May 2027 at 12:15 (Europe/Madrid)', 'Due now: €266.90', 'Cleaning €20.00', 'Total due €266.90']],
      [en.confirmed, ['Booking confirmation', 'Saturday, 5 June 2027, from 15:00', 'Monday, 7 June 2027, until 11:00', 'Nightly rate', 'Check-in instructions', 'Flexible: full refund']],
      [en.cancelled, ['Cancellation notice', 'Refund due: €266.90', 'flexible cancellation policy', 'Booked total €266.90']],
    ] as [string, string[]][]) {
      for (const phrase of phrases) expect(text).toContain(phrase);
      for (const word of ['Reserva', 'sábado', 'Limpieza', 'Tarifa', '266,90', 'Entrada']) expect([word, text.includes(word)]).toEqual([word, false]);
    }
    expect(peruvianGuest.pdfs.pending).toContain('A pagar ahora: S/ 246.90');
    expect(peruvianGuest.pdfs.confirmed).toContain('desde las 3:00 p. m.');
  });

  it('writes the price lines of a Spanish guest in Spanish: extra guests, a length-of-stay discount and a discount code', async () => {
    const property = await createProperty(server.client, host.token, { name: 'Casa Descuento', cancellationPolicy: 'FLEXIBLE', language: null });
    await server.client.data(
      `mutation ($id: ID!, $input: PricingSettingsInput!) { updatePricingSettings(propertyId: $id, input: $input) { maxNights } }`,
      { id: property.id, input: { extraGuestFee: { amount: 1_000, currency: 'EUR' }, lengthOfStayDiscounts: [{ minNights: 2, percent: 10 }] } },
      host.token,
    );
    const room = await createRoom(server.client, host.token, property.id, { name: 'Suite', maxGuests: 4, includedGuests: 2, basePricePerNight: { amount: 10_000, currency: 'EUR' } });
    await server.client.data(`mutation ($input: DiscountCodeInput!) { createDiscountCode(input: $input) { id } }`, { input: { code: 'VERANO', percentOff: 5, propertyIds: [property.id] } }, host.token);
    const { createReservation } = await server.client.data(
      CREATE_RESERVATION,
      { input: { roomId: room.id, checkIn: '2027-07-05', checkOut: '2027-07-08', guests: 3, discountCode: 'VERANO' } },
      await as(spanishGuest.guest),
    );
    const text = await pdfOf(createReservation.id, spanishGuest.guest);
    for (const phrase of ['1 huésped adicional × 3 noches', '2+ noches −10 %', 'Código VERANO']) expect(text).toContain(phrase);
    for (const word of ['extra guest', 'nights −', 'Code VERANO']) expect([word, text.includes(word)]).toEqual([word, false]);
    await act('cancelReservation', createReservation.id, spanishGuest.guest);
  }, 60_000);

  it("sends the arrivals digest in the property's language", async () => {
    const { roomId, guest } = englishGuest;
    const { createReservation } = await server.client.data(CREATE_RESERVATION, { input: { roomId, checkIn: '2027-07-10', checkOut: '2027-07-12', guests: 2 } }, await as(guest));
    await server.client.data(`mutation ($id: ID!) { confirmTestPayment(reservationId: $id) { id } }`, { id: createReservation.id }, await as(guest));
    try {
      clock.set('2027-07-09T17:30:00Z'); // 19:30 in Madrid, past the digest hour
      await server.client.data(RUN, { jobs: ['SEND_ARRIVALS_DIGEST'] }, await as(ADMIN));
    } finally {
      clock.set('2027-05-01T10:00:00Z');
    }
    await deliver();
    const digest = sendgrid.accepted.find((mail) => mail.to === host.email && mail.subject.startsWith('Casa Sol el '));
    expect(digest?.subject).toBe('Casa Sol el sábado, 10 de julio de 2027: 1 llegada, 0 salidas');
    expectMail(digest, ['Hola, Sol SL:', 'Estas son las llegadas y salidas del sábado, 10 de julio de 2027.', 'Llegadas (1)', `Ann Taylor, 2 huéspedes, Room of Ann Taylor (${createReservation.code})`, 'Salidas (0)', 'ninguna'], NOT_SPANISH);
  }, 60_000);

  it('validates Property.language against the supported catalogs and derives it from the country when unset', async () => {
    const language = async (id: string) => (await server.client.data(`query ($id: ID) { property(id: $id) { language } }`, { id }, host.token)).property.language;
    expect(await language(spain.id)).toBe('es');
    expect(await language(peru.id)).toBe('es');
    const french = (await server.client.data(CREATE_PROPERTY, { input: propertyInput({ name: 'Maison', language: null, address: { line1: '1 rue Haute', city: 'Lyon', country: 'FR' } }) }, host.token)).createProperty;
    expect(french.language).toBe('en'); // French has no catalog yet
    for (const bad of ['fr', 'xx', 'español', '']) {
      const error = await server.client.error(CREATE_PROPERTY, { input: propertyInput({ name: `Casa ${bad}`, language: bad }) }, host.token);
      expect([bad, error.extensions?.code, error.extensions?.field]).toEqual([bad, 'BAD_USER_INPUT', 'language']);
      expect(error.message).toContain('en, es');
    }
    const updateError = await server.client.error(UPDATE_PROPERTY, { id: spain.id, input: { language: 'de' } }, host.token);
    expect([updateError.extensions?.code, updateError.extensions?.field]).toEqual(['BAD_USER_INPUT', 'language']);
    expect((await server.client.data(UPDATE_PROPERTY, { id: french.id, input: { language: 'ES' } }, host.token)).updateProperty.language).toBe('es');
    expect((await server.client.data(UPDATE_PROPERTY, { id: spain.id, input: { language: 'en' } }, host.token)).updateProperty.language).toBe('en');
    expect((await server.client.data(UPDATE_PROPERTY, { id: spain.id, input: { language: null } }, host.token)).updateProperty.language).toBe('es');
  });
});
