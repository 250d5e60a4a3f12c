import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from './context';

/** One log line per GraphQL operation over HTTP: name, type, duration and outcome. */
export const operationLogging: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart({ contextValue }) {
    const startedAt = performance.now();
    return {
      async willSendResponse({ operationName, operation, response }) {
        // The formatted errors, so the logged codes are the ones the client saw.
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        const codes = [...new Set((errors ?? []).map((error) => String(error.extensions?.['code'])))];
        contextValue.log.info(
          {
            operationName: operationName ?? null,
            operationType: operation?.operation ?? null,
            durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
            outcome: codes.length ? 'error' : 'ok',
            ...(codes.length ? { errorCodes: codes } : {}),
          },
          'graphql operation',
        );
      },
    };
  },
};
