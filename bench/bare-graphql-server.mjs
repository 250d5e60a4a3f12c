// The baseline of bench:auth: graphql-js with nothing around it. node:http, the body read and parsed as
// JSON, graphql() on a one-field schema, the result sent as JSON — the least any GraphQL server over HTTP
// does. Run in its own process; prints its port once listening.
import http from 'node:http';
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { buildSchema, graphql } from 'graphql';

const schema = buildSchema('type Query { hello: String }');
const rootValue = { hello: () => 'world' };

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"errors":[{"message":"bad JSON"}]}');
      return;
    }
    const result = await graphql({ schema, rootValue, source: body.query, variableValues: body.variables, operationName: body.operationName });
    const json = JSON.stringify(result);
    res.writeHead(200, { 'content-type': 'application/graphql-response+json; charset=utf-8', 'content-length': Buffer.byteLength(json) }).end(json);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
