// The load generator, run in its own process so that it never shares the server's CPU time or event loop:
// reads one JSON job from argv, drives autocannon at it and prints autocannon's result as JSON.
import process from 'node:process';
import autocannon from 'autocannon';

const job = JSON.parse(process.argv[2]);
const result = await autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.durationSeconds,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...job.headers },
  // Several bodies are sent round-robin (e.g. a different stay per booking); one body repeats.
  requests: job.bodies.map((body) => ({ body })),
});
process.stdout.write(JSON.stringify(result));
