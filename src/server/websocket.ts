import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLSchema, type ValidationRule, specifiedRules, validate } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import type { User } from '../modules/accounts/user.entity';
import { createLoaders } from '../modules/loaders';
import type { Services } from '../modules/services';
import type { Logger } from '../platform/logger';
import type { GraphQLContext } from './context';
import { type ErrorFormatOptions, formatError } from './format-error';
import { clientAddress, type TrustFunction } from './client-address';
import { viewerFromAuthorization } from './request-auth';

type ConnectionParams = {
  authorization?: unknown;
};

interface SocketState {
  viewer: User | null;
  socketId: string;
}

export interface WebSocketDependencies {
  wsServer: WebSocketServer;
  schema: GraphQLSchema;
  services: Services;
  log: Logger;
  errorOptions: ErrorFormatOptions;
  validationRules: ValidationRule[];
  /** Which proxies may name the caller's address (TRUST_PROXY), as for HTTP requests. */
  trust: TrustFunction;
}

/**
 * graphql-ws on the /graphql path. The token in `connectionParams.authorization` is checked once, when the
 * socket connects: a bad one closes the socket with 4403 before any operation runs.
 */
export function startWebSocketServer({ wsServer, schema, services, log, errorOptions, validationRules, trust }: WebSocketDependencies) {
  const format = (errors: readonly GraphQLError[]) => errors.map((error) => formatError(error.toJSON(), error, errorOptions));
  return useServer<ConnectionParams, Partial<SocketState>>(
    {
      schema,
      validate: (validationSchema, document) =>
        validate(validationSchema, document, [...specifiedRules, ...validationRules]).map(asValidationFailure),
      onConnect: async (ctx) => {
        ctx.extra.socketId = randomUUID();
        try {
          ctx.extra.viewer = await viewerFromAuthorization(ctx.connectionParams?.authorization, services);
          return true;
        } catch (error) {
          log.info({ socketId: ctx.extra.socketId, reason: (error as Error).message }, 'websocket refused');
          return false;
        }
      },
      context: (ctx, id, payload): GraphQLContext => {
        const requestId = `${ctx.extra.socketId}/${id}`;
        log.info({ requestId, operationName: payload.operationName ?? null, transport: 'websocket' }, 'graphql operation');
        return {
          requestId,
          viewer: ctx.extra.viewer ?? null,
          ip: clientAddress(ctx.extra.request, trust),
          services,
          loaders: createLoaders(services),
          log: log.child({ requestId }),
        };
      },
      onError: (_ctx, _id, _payload, errors) => format(errors),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: format(result.errors) } : undefined),
    },
    wsServer,
  );
}

/**
 * graphql-js returns validation errors without a code; Apollo adds GRAPHQL_VALIDATION_FAILED over HTTP.
 * The same code here lets formatError treat them as request errors (not as unexpected failures).
 */
function asValidationFailure(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
  });
}
