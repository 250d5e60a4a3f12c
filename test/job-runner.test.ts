import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { recordEvent } from '../src/platform/outbox/outbox';
import { CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom } from './support/fixtures';
import { FakeSendGrid } from './support/fake-sendgrid';
import { GraphQLTestClient, registerGuest } from './support/graphql-client';
import { spawnServer } from './support/spawned-server';
import { createTestDatabase } from './support/test-database';
import { TestClock } from './support/test-clock';
import { startTestServer, type TestServer } from './support/test-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function bookOne(client: GraphQLTestClient, checkIn = '2027-11-01', checkOut = '2027-11-03') {
  const host = await createHost(client);
  const property = await createProperty(client, host.token, { name: `Casa Cola ${Math.random()}` });
  const room = await createRoom(client, host.token, property.id);
  const guest = await registerGuest(client);
  const { createReservation } = await client.data(CREATE_RESERVATION, { input: { roomId: room.id, checkIn, checkOut, guests: 2 } }, guest.accessToken);
  return { ...(createReservation as { id: string; code: string }), guestEmail: guest.user.email };
}

describe('the job runner', () => {
  it('adds an outbox event and its job in the business transaction: a rollback leaves neither', async () => {
    const server = await startTestServer();
    try {
      const aggregateId = '00000000-0000-4000-8000-00000000abcd';
      const jobsBefore = await server.app.db.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs`);
      await expect(
        server.app.db.transaction(async (manager) => {
          await recordEvent(manager, 'test.rolled_back', aggregateId, {});
          // Inside the transaction both exist...
          const [inside] = await manager.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs j JOIN outbox_events e ON j.key = 'outbox:' || e.id WHERE e.aggregate_id = $1`, [aggregateId]);
          expect(inside.n).toBe(1);
          throw new Error('the business rule said no');
        }),
      ).rejects.toThrow('the business rule said no');
      // ...and after the rollback, neither.
      expect(await server.app.db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE aggregate_id = $1`, [aggregateId])).toEqual([{ n: 0 }]);
      expect(await server.app.db.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs`)).toEqual(jobsBefore);
    } finally {
      await server.stop();
    }
  });

  it('runs a cron tick once however many times two instances add it at once (30 ticks, 6 adds each)', async () => {
    const clock = new TestClock(new Date('2027-06-01T09:00:00Z'));
    const first = await startTestServer({}, { clock });
    const second = await startTestServer({}, { clock, databaseUrl: first.databaseUrl });
    try {
      const base = Date.parse('2027-06-01T09:00:00Z');
      for (let round = 0; round < 30; round += 1) {
        const tick = new Date(base + round * 1000);
        await Promise.all([first, second, first, second, first, second].map((server) => server.app.services.maintenance.schedule('EXPIRE_HOLDS', tick)));
      }
      await first.app.services.jobs.drain(['maintenance.run']);
      const ticks = await first.app.db.query(`SELECT scheduled_for, count(*)::int AS runs FROM maintenance_runs WHERE job = 'EXPIRE_HOLDS' AND trigger = 'CRON' GROUP BY scheduled_for`);
      expect(ticks).toHaveLength(30);
      expect(ticks.every((tick: { runs: number }) => tick.runs === 1)).toBe(true);
      // A late instance adding a tick already run (its job gone from the queue) runs nothing more.
      await second.app.services.maintenance.schedule('EXPIRE_HOLDS', new Date(base));
      await second.app.services.jobs.drain(['maintenance.run']);
      expect(await first.app.db.query(`SELECT count(*)::int AS runs FROM maintenance_runs WHERE job = 'EXPIRE_HOLDS' AND trigger = 'CRON'`)).toEqual([{ runs: 30 }]);
    } finally {
      await second.stop();
      await first.stop();
    }
  }, 60_000);

  it('never hands a live instance\'s running job to another instance', async () => {
    const sendgrid = new FakeSendGrid();
    await sendgrid.start();
    const mail = { SENDGRID_API_KEY: 'SG.test-key', SENDGRID_API_BASE: sendgrid.baseUrl };
    let first: TestServer | undefined;
    let second: TestServer | undefined;
    try {
      first = await startTestServer(mail);
      second = await startTestServer(mail, { databaseUrl: first.databaseUrl });
      sendgrid.hold(true);
      const reservation = await bookOne(first.client);
      await sendgrid.waitForHeld();
      // Well past the orphan grace (2 s): the job is locked, its pool alive, so neither instance frees it.
      await sleep(3_000);
      expect(await first.app.services.jobs.releaseOrphans()).toBe(0);
      expect(await second.app.services.jobs.releaseOrphans()).toBe(0);
      const [locked] = await first.app.db.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'outbox.deliver' AND locked_at IS NOT NULL`);
      expect(locked.n).toBe(1);
      sendgrid.releaseHeld();
      await first.app.services.outbox.processDue();
      expect(sendgrid.accepted.filter((m) => m.to === reservation.guestEmail && m.subject.includes(reservation.code))).toHaveLength(1);
    } finally {
      sendgrid.releaseHeld();
      await second?.stop();
      await first?.stop();
      await sendgrid.stop();
    }
  }, 60_000);

  it('on SIGTERM lets a running job finish within the grace, then exits 0', async () => {
    const sendgrid = new FakeSendGrid();
    await sendgrid.start();
    const database = await createTestDatabase();
    const server = spawnServer({
      NODE_ENV: 'test', DATABASE_URL: database.url, JWT_SECRET: 'g'.repeat(40), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info',
      CRON_ENABLED: 'false', EXPLORER_ENABLED: 'false', PUBSUB_DRIVER: 'memory', SHUTDOWN_TIMEOUT_MS: '20000',
      OUTBOX_DIR: path.join(os.tmpdir(), 'staygraph-sigterm-outbox'), SENDGRID_API_KEY: 'SG.test-key', SENDGRID_API_BASE: sendgrid.baseUrl, ...adminEnv,
    });
    try {
      const listening = await server.waitFor(/staygraph is listening/, 60_000);
      const client = new GraphQLTestClient(new URL(JSON.parse(listening).url as string).origin);
      sendgrid.hold(true);
      const reservation = await bookOne(client);
      await sendgrid.waitForHeld();
      server.child.kill('SIGTERM');
      await server.waitFor(/shutting down/);
      await sleep(1_500); // the job is still running, well within the grace (half of 20 s)
      sendgrid.releaseHeld();
      const exit = await server.exited;
      expect(exit).toMatchObject({ code: 0 });
      // Finished, and recorded as finished before the pool closed: no job left for another instance to redo.
      expect(sendgrid.accepted.filter((m) => m.to === reservation.guestEmail && m.subject.includes(reservation.code))).toHaveLength(1);
      const sql = new Client({ connectionString: database.url });
      await sql.connect();
      try {
        const { rows } = await sql.query(`SELECT processed_at, (SELECT count(*)::int FROM graphile_worker.jobs WHERE key = 'outbox:' || e.id) AS jobs FROM outbox_events e WHERE aggregate_id = $1 AND topic = 'reservation.created'`, [reservation.id]);
        expect(rows).toEqual([{ processed_at: expect.any(Date), jobs: 0 }]);
      } finally {
        await sql.end();
      }
    } finally {
      server.child.kill('SIGKILL');
      sendgrid.releaseHeld();
      await sendgrid.stop();
      await database.drop();
    }
  }, 120_000);
});
