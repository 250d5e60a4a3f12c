import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GraphQLContext } from './context';

/**
 * Subscriptions live on graphql-ws (the same /graphql path, over WebSocket). Over HTTP graphql-js would
 * execute one as a query, without its event stream, and fail on a null root field; this answers a clear
 * BAD_REQUEST (HTTP 400) instead, before anything runs.
 */
export const subscriptionsOverHttpRefused: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation !== 'subscription') return;
        throw new GraphQLError('Subscriptions are served over WebSocket: use a graphql-ws client on /graphql', {
          extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
        });
      },
    };
  },
};
