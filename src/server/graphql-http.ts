import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import { inRequestScope, type Logger } from '../platform/logger';
import type { GraphQLContext } from './context';

export interface DirectGraphQLOptions {
  apollo: ApolloServer<GraphQLContext>;
  /** The request's context (the same function the Express route uses). */
  context: (req: IncomingMessage, requestId: string) => Promise<GraphQLContext>;
  /** Sent with every answer: the API's security headers and `Vary: Origin` (apiResponseHeaders). */
  headers: ReadonlyArray<readonly [string, string]>;
  maxBodyBytes: number;
  log: Logger;
}

const JSON_TYPE = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** The request id a caller sent, when it is a sane one; otherwise a new one. Shared with the Express routes. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * `POST /graphql` with a JSON body and no Origin (apps, servers, scripts: the bulk of the traffic) straight
 * from node:http to Apollo, without Express's router, body parser, helmet and cors running for each request:
 * the answer carries the same headers (computed once) and the same status codes, the body the same limit
 * and the same refusals (413, 400 `{ error }` for JSON that does not parse). Everything else — browsers
 * (Origin: CORS), GET, other content types or encodings — goes through Express as before. Returns false
 * when the request is not one of those it serves.
 */
export function directGraphQLPost({ apollo, context, headers, maxBodyBytes, log }: DirectGraphQLOptions) {
  return (req: IncomingMessage, res: ServerResponse, requestId: string): boolean => {
    if (req.method !== 'POST' || req.url !== '/graphql') return false;
    const type = req.headers['content-type'];
    if (type === undefined || !JSON_TYPE.test(type) || req.headers.origin !== undefined || req.headers['content-encoding'] !== undefined) return false;

    const reply = (status: number, contentType: string, body: string, extra?: Iterable<[string, string]>) => {
      for (const [name, value] of headers) res.setHeader(name, value);
      res.setHeader('x-request-id', requestId);
      if (extra) for (const [name, value] of extra) res.setHeader(name, value);
      res.setHeader('content-type', contentType);
      res.setHeader('content-length', Buffer.byteLength(body));
      res.statusCode = status;
      res.end(body);
    };
    const refuse = (status: number, message: string) => reply(status, 'application/json; charset=utf-8', JSON.stringify({ error: message }));

    const declared = Number(req.headers['content-length']);
    if (declared > maxBodyBytes) {
      refuse(413, 'request entity too large');
      return true;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBodyBytes) {
        refused = true;
        refuse(413, 'request entity too large');
        return;
      }
      chunks.push(chunk);
    });
    // Entered again: stream events run outside the scope the request started in.
    req.on('end', () => inRequestScope(requestId, () => {
      if (refused) return;
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      let body: unknown = {};
      if (text.trim() !== '') {
        // Like the JSON body parser's strict mode: an object or an array, nothing else.
        if (!/^\s*[{[]/.test(text)) return refuse(400, `Unexpected token in JSON: the body must be an object or an array`);
        try {
          body = JSON.parse(text);
        } catch (error) {
          return refuse(400, (error as Error).message);
        }
      }
      void answer(body);
    }));

    const answer = async (body: unknown) => {
      try {
        const requestHeaders = new HeaderMap();
        for (const [key, value] of Object.entries(req.headers)) {
          if (value !== undefined) requestHeaders.set(key, Array.isArray(value) ? value.join(', ') : value);
        }
        const response = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: 'POST', headers: requestHeaders, search: '', body },
          context: () => context(req, requestId),
        });
        if (response.body.kind === 'complete') {
          const type = response.headers.get('content-type') ?? 'application/json; charset=utf-8';
          response.headers.delete('content-type');
          reply(response.status ?? 200, type, response.body.string, response.headers);
          return;
        }
        for (const [name, value] of headers) res.setHeader(name, value);
        res.setHeader('x-request-id', requestId);
        for (const [name, value] of response.headers) res.setHeader(name, value);
        res.statusCode = response.status ?? 200;
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      } catch (error) {
        log.error({ err: error }, 'unhandled HTTP error');
        if (!res.headersSent) refuse(500, 'Internal server error');
        else res.end();
      }
    };
    return true;
  };
}
