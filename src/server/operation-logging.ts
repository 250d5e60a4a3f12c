import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import type { GraphQLContext } from './context';

/** The errors an operation answered, as formatted: the codes the client saw. */
export function answeredErrors(response: GraphQLResponse) {
  return (response.body.kind === 'single' ? response.body.singleResult.errors : undefined) ?? [];
}

/** One log line per GraphQL operation over HTTP: name, type, duration and outcome. */
export const operationLogging: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart({ contextValue }) {
    const startedAt = performance.now();
    return {
      async willSendResponse({ operationName, operation, response }) {
        const codes = [...new Set(answeredErrors(response).map((error) => String(error.extensions?.['code'])))];
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
