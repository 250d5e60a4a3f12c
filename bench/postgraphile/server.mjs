// PostGraphile 5, the baseline of `npm run bench:lists`: its Amber preset over the same database as staygraph,
// on node:http, run by the Node 22 binary of ./node22 (PostGraphile 5 needs Node >= 22).
// Usage: node server.mjs <database url> <port>; prints "listening <port>" once it answers.
import { createServer } from 'node:http';
import process from 'node:process';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const [connectionString, port] = process.argv.slice(2);
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString, schemas: ['public'] })],
  grafserv: { port: Number(port), graphqlPath: '/graphql', graphiql: false },
  // Production settings: no explain, no watch mode, no GraphiQL.
  grafast: { explain: false },
};
const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on('error', (error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
await serv.addTo(server);
await pgl.getSchema();
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));
const stop = () => server.close(() => pgl.release().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
