/**
 * Browser entry of the admin GraphQL explorer (GraphiQL 3, bundled offline by
 * scripts/build-explorer.ts and served by src/server/explorer.ts).
 *
 * - queries and mutations: HTTP POST to /graphql on the same origin, with the
 *   headers typed into GraphiQL's "Headers" tab;
 * - subscriptions: graphql-ws on ws(s)://<host>/graphql, the Authorization
 *   header value is sent as `connectionParams.authorization`.
 */
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import { getOperationAST, parse, type DocumentNode } from 'graphql';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';

import React from 'react';
import { createRoot } from 'react-dom/client';

// Fetcher types of @graphiql/toolkit, taken from GraphiQL's props (the toolkit's
// own typings are ESM-only and cannot be imported from this CommonJS-typed file).
type Fetcher = GraphiQLProps['fetcher'];
type FetcherParams = Parameters<Fetcher>[0];
type FetcherOpts = NonNullable<Parameters<Fetcher>[1]>;
// GraphiQL types results as graphql-ws' ExecutionResult; what arrives over the
// wire are formatted (JSON) errors, which GraphiQL handles just the same.
type Result = ExecutionResult;
type Observer = { next: (value: Result) => void; error: (error: unknown) => void; complete: () => void };
interface Observable {
  subscribe(observerOrNext?: Observer | ((value: Result) => void), error?: ((error: unknown) => void) | null, complete?: () => void): {
    unsubscribe: () => void;
  };
}

const GRAPHQL_PATH = '/graphql';

const DEFAULT_QUERY = `# staygraph explorer
#
# Most operations need an access token. To get one:
#
# 1. Run the login mutation: uncomment it, fill in
#    real credentials and press Ctrl-Enter.
#
#    mutation {
#      login(email: "...", password: "...") {
#        accessToken
#      }
#    }
#
# 2. Open the "Headers" tab below and paste the token:
#
#    {"Authorization": "Bearer <token>"}
#
# Headers go with every HTTP request to ${GRAPHQL_PATH}.
# Subscriptions use a WebSocket; the Authorization
# value is sent as connectionParams.authorization.
# Headers are saved in this browser (localStorage):
# clear the Headers tab when you are done.
#
# Ctrl-Enter: run   Ctrl-Space: autocomplete
# Shift-Ctrl-P: prettify

`;

type HeaderMap = NonNullable<FetcherOpts['headers']>;

/** Case-insensitive lookup of a header typed into the headers editor. */
function headerValue(headers: HeaderMap | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined && value !== null) return String(value);
  }
  return undefined;
}

function isSubscription(params: FetcherParams, documentAST: DocumentNode | undefined): boolean {
  let document = documentAST;
  if (!document) {
    try {
      document = parse(params.query);
    } catch {
      return false; // let the server report the syntax error
    }
  }
  return getOperationAST(document, params.operationName ?? undefined)?.operation === 'subscription';
}

async function httpFetch(params: FetcherParams, editorHeaders: HeaderMap | undefined): Promise<Result> {
  const headers = new Headers();
  for (const [key, value] of Object.entries(editorHeaders ?? {})) {
    if (value !== undefined && value !== null) headers.set(key, String(value));
  }
  headers.set('content-type', 'application/json');
  if (!headers.has('accept')) headers.set('accept', 'application/graphql-response+json, application/json');

  const response = await fetch(GRAPHQL_PATH, {
    method: 'POST',
    headers,
    credentials: 'same-origin',
    body: JSON.stringify({
      query: params.query,
      variables: params.variables ?? undefined,
      operationName: params.operationName ?? undefined,
    }),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as Result;
  } catch {
    throw new Error(`${GRAPHQL_PATH} answered HTTP ${response.status} ${response.statusText} with a non-JSON body:\n${text.slice(0, 500)}`);
  }
}

function webSocketUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}${GRAPHQL_PATH}`;
}

/** One graphql-ws client per distinct Authorization value; the previous one is disposed. */
let wsState: { authorization: string | undefined; client: Client } | undefined;

function wsClientFor(authorization: string | undefined): Client {
  if (wsState && wsState.authorization === authorization) return wsState.client;
  if (wsState) void wsState.client.dispose();
  const client = createClient({
    url: webSocketUrl(),
    lazy: true,
    connectionParams: authorization === undefined ? {} : { authorization },
  });
  wsState = { authorization, client };
  return client;
}

/** graphql-ws reports socket closures as CloseEvent-like objects; GraphiQL wants Errors. */
function toDisplayableError(error: unknown): unknown {
  if (error instanceof Error || Array.isArray(error)) return error;
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code, reason } = error as { code: unknown; reason?: unknown };
    return new Error(`WebSocket closed (${String(code)}${reason ? `: ${String(reason)}` : ''})`);
  }
  if (typeof Event !== 'undefined' && error instanceof Event) {
    return new Error(`WebSocket error while connecting to ${webSocketUrl()}`);
  }
  return error;
}

function wsSubscribe(params: FetcherParams, authorization: string | undefined): Observable {
  return {
    subscribe(observerOrNext, error, complete) {
      const observer: Partial<Observer> =
        typeof observerOrNext === 'function'
          ? { next: observerOrNext, error: error ?? undefined, complete }
          : (observerOrNext ?? {});
      const dispose = wsClientFor(authorization).subscribe(
        {
          query: params.query,
          variables: params.variables ?? undefined,
          operationName: params.operationName ?? undefined,
        },
        {
          next: (value) => observer.next?.(value as Result),
          error: (err) => observer.error?.(toDisplayableError(err)),
          complete: () => observer.complete?.(),
        },
      );
      return { unsubscribe: dispose };
    },
  };
}

const fetcher: Fetcher = (params, opts) => {
  if (isSubscription(params, opts?.documentAST)) {
    return wsSubscribe(params, headerValue(opts?.headers, 'authorization'));
  }
  return httpFetch(params, opts?.headers);
};

const props: GraphiQLProps = {
  fetcher,
  defaultQuery: DEFAULT_QUERY,
  defaultHeaders: '{}',
  shouldPersistHeaders: true,
  isHeadersEditorEnabled: true,
};

const container = document.getElementById('root');
if (!container) throw new Error('staygraph explorer: #root element not found');
createRoot(container).render(React.createElement(GraphiQL, props));
