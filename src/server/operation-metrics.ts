import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from '../platform/metrics';
import type { GraphQLContext } from './context';

/** Duration of each GraphQL operation over HTTP (name, type) and the codes of the errors it answered. */
export function operationMetrics(metrics: Metrics): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ request }) {
      const startedAt = performance.now();
      return {
        async willSendResponse({ operationName, operation, response }) {
          // The formatted errors: the codes the client saw.
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          for (const error of errors ?? []) metrics.error(error.extensions?.['code']);
          metrics.operation(operationName ?? request.operationName, operation?.operation, 'http', (performance.now() - startedAt) / 1000);
        },
      };
    },
  };
}
