import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { CREATE_RESERVATION, adminEnv, createHost, createProperty, createRoom } from './support/fixtures';
import { FakeSendGrid } from './support/fake-sendgrid';
import { GraphQLTestClient, registerGuest } from './support/graphql-client';
import { spawnServer } from './support/spawned-server';
import { createTestDatabase } from './support/test-database';
import { startTestServer } from './support/test-server';

describe('the outbox across a crash', () => {
  it('delivers an email whose sender was killed mid-send once the next instance runs', async () => {
    const sendgrid = new FakeSendGrid();
    await sendgrid.start();
    const database = await createTestDatabase();
    const mail = { SENDGRID_API_KEY: 'SG.test-key', SENDGRID_API_BASE: sendgrid.baseUrl };
    const jwtSecret = 'c'.repeat(40);
    sendgrid.hold(true);
    const first = spawnServer({
      NODE_ENV: 'test', DATABASE_URL: database.url, JWT_SECRET: jwtSecret, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info',
      CRON_ENABLED: 'false', EXPLORER_ENABLED: 'false', PUBSUB_DRIVER: 'memory',
      OUTBOX_DIR: path.join(os.tmpdir(), 'staygraph-crash-outbox'), ...adminEnv, ...mail,
    });
    try {
      const listening = await first.waitFor(/staygraph is listening/, 60_000);
      const client = new GraphQLTestClient(new URL(JSON.parse(listening).url as string).origin);
      const host = await createHost(client);
      const property = await createProperty(client, host.token, { name: 'Casa Caída' });
      const room = await createRoom(client, host.token, property.id);
      const guest = await registerGuest(client);
      const { createReservation } = await client.data(CREATE_RESERVATION, { input: { roomId: room.id, checkIn: '2027-11-01', checkOut: '2027-11-03', guests: 2 } }, guest.accessToken);

      // The first instance renders the PDF and is sending when it dies.
      await sendgrid.waitForHeld();
      first.child.kill('SIGKILL');
      await first.exited;
      sendgrid.dropHeld();
      sendgrid.hold(false);
      expect(sendgrid.accepted).toHaveLength(0);

      // The dead instance's job is still locked by its worker pool, whose liveness lock died with it: the
      // next instance releases the job and runs it again, skipping recipients already served (none here).
      const sql = new Client({ connectionString: database.url });
      await sql.connect();
      const { rows: [locked] } = await sql.query(`SELECT count(*)::int AS jobs FROM graphile_worker.jobs WHERE task_identifier = 'outbox.deliver' AND locked_at IS NOT NULL`);
      await sql.end();
      expect(locked.jobs).toBe(1);
      const second = await startTestServer({ JWT_SECRET: jwtSecret, ...mail }, { databaseUrl: database.url });
      try {
        await second.app.services.outbox.processDue();
        // One email each: the guest's (with its PDF) and the host's new-booking email.
        const sentTo = (to: string) => sendgrid.accepted.filter((m) => m.to === to && m.subject.includes(createReservation.code));
        const delivered = sentTo(guest.user.email);
        expect(delivered).toHaveLength(1);
        expect(delivered[0]!.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
        await second.app.services.outbox.processDue();
        expect(sentTo(guest.user.email)).toHaveLength(1);
        expect(sendgrid.accepted.filter((m) => m.subject.includes(createReservation.code))).toHaveLength(2);
      } finally {
        await second.stop();
      }
    } finally {
      first.child.kill('SIGKILL');
      await sendgrid.stop();
      await database.drop();
    }
  }, 120_000);
});
