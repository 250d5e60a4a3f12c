import { LOGIN, registerGuest } from './support/graphql-client';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Sign-in brute force through the real server, from several addresses: the server trusts the loopback proxy
 * (TRUST_PROXY), so X-Forwarded-For names the caller, as behind-proxy.test.ts shows.
 */
interface Outcome {
  code: string;
  message?: string;
  retryAfter?: unknown;
}

async function loginFrom(server: TestServer, address: string, email: string, password: string): Promise<Outcome> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ query: LOGIN, variables: { email, password } }),
  });
  expect(response.status).toBeLessThan(500);
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  const error = body.errors?.[0];
  if (!error) return { code: 'OK' };
  return { code: String(error.extensions?.['code']), message: error.message, retryAfter: error.extensions?.['retryAfter'] };
}

const WRONG = 'not the password!';

// Every sign-in verifies an argon2 hash (a decoy for unknown accounts): the 30-odd attempts of one scenario can
// pass jest's 30 s default on a loaded 2-core machine, and a timed-out scenario would keep moving the shared clock.
jest.setTimeout(120_000);

describe('login guard', () => {
  const clock = new TestClock(new Date('2027-03-01T08:00:00Z'));
  let server: TestServer;
  let addressCounter = 0;
  /** A fresh caller address for each scenario (documentation range 198.18.0.0/15). */
  const newAddress = () => {
    addressCounter += 1;
    return `198.18.${Math.floor(addressCounter / 250)}.${addressCounter % 250}`;
  };

  beforeAll(async () => {
    server = await startTestServer(
      { TRUST_PROXY: 'loopback', RATE_LIMIT_LOGIN_PER_ACCOUNT: '10', RATE_LIMIT_LOGIN_PER_IP: '30', RATE_LIMIT_LOGIN_ACCOUNT_WIDE: '100' },
      { clock },
    );
  });
  afterAll(() => server.stop());

  it('slows down, then blocks, one address guessing one account, while the owner signs in from another address', async () => {
    const owner = await registerGuest(server.client);
    const attacker = newAddress();
    const seen: (string | number)[] = [];
    // Wrong passwords, each sent as soon as allowed: RATE_LIMITED answers say how long to wait.
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const outcome = await loginFrom(server, attacker, owner.user.email, WRONG);
      if (outcome.code === 'RATE_LIMITED') {
        seen.push(outcome.retryAfter as number);
        if ((outcome.retryAfter as number) > 60) break; // blocked
        clock.advance((outcome.retryAfter as number) * 1000);
      } else seen.push(outcome.code);
    }
    // Three free failures, then waits of 1, 2, 4 … (at most 60) seconds between guesses, then a 15-minute
    // block at the tenth: ten guesses in about two minutes, where ten wrong passwords used to lock the owner out.
    const U = 'UNAUTHENTICATED';
    expect(seen).toEqual([U, U, U, 1, U, 2, U, 4, U, 8, U, 16, U, 32, U, 60, U, 900]);
    // The right password from the attacker's address is refused too (the block is on the pair, not the guess).
    expect(await loginFrom(server, attacker, owner.user.email, owner.password)).toMatchObject({ code: 'RATE_LIMITED' });
    // The owner, from home: no wait, whatever happened elsewhere.
    expect(await loginFrom(server, newAddress(), owner.user.email, owner.password)).toEqual({ code: 'OK' });
    // After 15 minutes the attacker's address may try again.
    clock.advance(15 * 60_000);
    expect((await loginFrom(server, attacker, owner.user.email, WRONG)).code).toBe('UNAUTHENTICATED');
  });

  it('blocks an address guessing across many accounts, without saying which accounts exist', async () => {
    const address = newAddress();
    const victims = await Promise.all([0, 1, 2].map(() => registerGuest(server.client)));
    // Three real accounts and many that do not exist: each pair stays under its own limits.
    const emails = [...victims.map((victim) => victim.user.email), ...Array.from({ length: 80 }, (_, n) => `nobody${n}-${Date.now()}@example.com`)];
    let failures = 0;
    let blocked: Outcome | undefined;
    for (const email of emails) {
      const outcome = await loginFrom(server, address, email, WRONG);
      if (outcome.code === 'UNAUTHENTICATED') failures += 1;
      else if ((outcome.retryAfter as number) > 60) {
        blocked = outcome;
        break;
      } else clock.advance((outcome.retryAfter as number) * 1000);
    }
    // RATE_LIMIT_LOGIN_PER_IP = 30 failures from the address, whatever the accounts (none failed twice).
    expect(failures).toBe(30);
    expect(blocked).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 900 });
    // The same answer for an account that exists (with its right password) and one that does not.
    const existing = await loginFrom(server, address, victims[0]!.user.email, victims[0]!.password);
    const unknown = await loginFrom(server, address, `ghost-${Date.now()}@example.com`, WRONG);
    expect(existing).toEqual(unknown);
    expect(existing.message).toMatch(/^Too many sign-in attempts: try again in \d+ s$/);
    // Another address signs in to every one of those accounts.
    for (const victim of victims) expect(await loginFrom(server, newAddress(), victim.user.email, victim.password)).toEqual({ code: 'OK' });
  });

  it('forgets the failures of a pair after a success from it', async () => {
    const guest = await registerGuest(server.client);
    const address = newAddress();
    const three = async () => {
      const codes = [];
      for (let n = 0; n < 3; n += 1) codes.push((await loginFrom(server, address, guest.user.email, WRONG)).code);
      return codes;
    };
    expect(await three()).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    clock.advance(1_000); // the wait after three failures
    expect(await loginFrom(server, address, guest.user.email, guest.password)).toEqual({ code: 'OK' });
    // Three free failures again, and the fourth asks for the first (1 s) wait, not for a longer one.
    expect(await three()).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(await loginFrom(server, address, guest.user.email, WRONG)).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 });
  });

  it('only slows an account down across many addresses, never blocks it', async () => {
    const wide = await startTestServer({ TRUST_PROXY: 'loopback', RATE_LIMIT_LOGIN_ACCOUNT_WIDE: '5' }, { databaseUrl: server.databaseUrl, clock });
    try {
      const guest = await registerGuest(wide.client);
      for (let n = 0; n < 5; n += 1) expect((await loginFrom(wide, newAddress(), guest.user.email, WRONG)).code).toBe('UNAUTHENTICATED');
      // Five failures from five addresses: now everyone waits a second between attempts, the owner too …
      const owner = newAddress();
      expect(await loginFrom(wide, owner, guest.user.email, guest.password)).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 });
      // … and no longer than that.
      clock.advance(1_000);
      expect(await loginFrom(wide, owner, guest.user.email, guest.password)).toEqual({ code: 'OK' });
    } finally {
      await wide.stop();
    }
  });

  it('lets no more guesses through when they arrive all at once than one by one (race)', async () => {
    const guest = await registerGuest(server.client);
    for (let round = 0; round < 10; round += 1) {
      const address = newAddress();
      const outcomes = await Promise.all(Array.from({ length: 12 }, () => loginFrom(server, address, guest.user.email, WRONG)));
      const checked = outcomes.filter((outcome) => outcome.code === 'UNAUTHENTICATED').length;
      const refused = outcomes.filter((outcome) => outcome.code === 'RATE_LIMITED').length;
      // Three free failures per (account, address); every other concurrent guess waits.
      expect({ round, checked, refused }).toEqual({ round, checked: 3, refused: 9 });
    }
  });
});
