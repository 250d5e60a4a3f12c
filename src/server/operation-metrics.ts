import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from '../platform/metrics';
import type { GraphQLContext } from './context';
import { answeredErrors } from './operation-logging';

/** Duration of each GraphQL operation over HTTP (name, type) and the codes of the errors it answered. */
export function operationMetrics(metrics: Metrics): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ request }) {
      const startedAt = performance.now();
      return {
        async willSendResponse({ operationName, operation, response }) {
          for (const error of answeredErrors(response)) metrics.error(error.extensions?.['code']);
          metrics.operation(operationName ?? request.operationName, operation?.operation, 'http', (performance.now() - startedAt) / 1000);
        },
      };
    },
  };
}
