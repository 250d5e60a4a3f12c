import { Client, type Exchange, fetchExchange, makeOperation, type Operation, subscriptionExchange } from '@urql/core';
import { createClient as createSocket } from 'graphql-ws';
import { fromPromise, fromValue, mergeMap, pipe } from 'wonka';
import { currentSession, freshAccessToken, onSessionChange, validAccessToken } from './session';

function withToken(operation: Operation, token: string | null): Operation {
  if (!token) return operation;
  const fetchOptions = typeof operation.context.fetchOptions === 'function' ? operation.context.fetchOptions() : (operation.context.fetchOptions ?? {});
  return makeOperation(operation.kind, operation, {
    ...operation.context,
    fetchOptions: { ...fetchOptions, headers: { ...(fetchOptions.headers as Record<string, string>), authorization: `Bearer ${token}` } },
  });
}

/** Adds the Bearer header; waits for a refresh only when the token is about to expire (teardowns never wait). */
const authExchange: Exchange =
  ({ forward }) =>
  (operations$) =>
    forward(
      pipe(
        operations$,
        mergeMap((operation) => {
          const fresh = operation.kind === 'teardown' ? null : freshAccessToken();
          if (fresh !== undefined) return fromValue(withToken(operation, fresh));
          return fromPromise(validAccessToken().then((token) => withToken(operation, token)));
        }),
      ),
    );

/** graphql-ws on the same origin: the live calendar. Reconnects with the current token after a sign-in or out. */
const socket = createSocket({
  url: `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`,
  lazy: true,
  retryAttempts: Infinity,
  connectionParams: async () => {
    const token = await validAccessToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  },
});
let signedInAs = currentSession()?.user.id ?? null;
onSessionChange((session) => {
  const now = session?.user.id ?? null;
  if (now === signedInAs) return;
  signedInAs = now;
  socket.terminate();
});

export const client = new Client({
  url: '/graphql',
  requestPolicy: 'cache-and-network',
  // POST always: GET queries would need Apollo's CSRF preflight header, and bodies stay out of access logs.
  preferGetMethod: false,
  exchanges: [
    authExchange,
    fetchExchange,
    subscriptionExchange({
      forwardSubscription: (request) => ({
        subscribe: (sink) => ({ unsubscribe: socket.subscribe({ ...request, query: request.query ?? '' }, sink) }),
      }),
    }),
  ],
});
