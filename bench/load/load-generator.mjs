// The load generator, run in its own process so that it never shares the server's CPU time or event loop:
// reads one JSON job from stdin (thousands of bodies do not fit an argument), drives autocannon at it and
// prints autocannon's result as JSON.
import process from 'node:process';
import autocannon from 'autocannon';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const job = JSON.parse(input);
let next = 0;
const result = await autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.durationSeconds,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...job.headers },
  // One body is set once (the cheapest way: autocannon then never rebuilds the request). Several share one
  // counter across connections: each goes out once, in order, before any repeats (a different stay per
  // booking must never be sent by two connections at once).
  ...(job.bodies.length === 1
    ? { body: job.bodies[0] }
    : { requests: [{ setupRequest: (request) => ({ ...request, body: job.bodies[next++ % job.bodies.length] }) }] }),
});
process.stdout.write(JSON.stringify(result));
