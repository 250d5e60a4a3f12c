import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  type DocumentNode,
  type ExecutionArgs,
  execute,
  GraphQLError,
  type GraphQLSchema,
  type ValidationRule,
  getOperationAST,
  parse,
  specifiedRules,
  subscribe,
  validate,
} from 'graphql';
import type { SubscriptionLimits } from '../config';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { User } from '../modules/accounts/user.entity';
import { createLoaders } from '../modules/loaders';
import type { Services } from '../modules/services';
import type { Clock } from '../platform/clock';
import { inRequestScope, type Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { GraphQLContext } from './context';
import { type ErrorFormatOptions, formatError } from './format-error';
import { authorizationExpiry, forgetCallerAfterMutation, isAuthenticationError, viewerFromAuthorization } from './request-auth';
import { clientAddress, type TrustFunction } from './client-address';
import { type CostLimits, costRefusal } from './query-cost';
import { type SocketSubscriptions, SubscriptionSlots } from './subscription-slots';

type ConnectionParams = {
  authorization?: unknown;
};

interface SocketState {
  socketId: string;
  /** `connectionParams.authorization`, checked again (token and account) for every operation and event. */
  authorization: unknown;
  /** Closes the socket when the token expires. */
  expiryTimer?: NodeJS.Timeout;
  /** The caller as onSubscribe loaded them, by operation id, until `context` takes them. */
  viewers: Map<string, User | null>;
  /** The slots this socket's subscriptions hold (see subscription-slots.ts). */
  subscriptions: SocketSubscriptions;
}

type SocketExtra = Partial<SocketState> & { socket: WebSocket; request: IncomingMessage };

/**
 * The close code for "sign in again": graphql-ws clients retry 4403 (not 4401), calling a
 * `connectionParams` function again, so a client that keeps its token fresh reconnects by itself.
 */
const SIGN_IN_AGAIN = CloseCode.Forbidden;
const TOKEN_EXPIRED = 'Access token expired: reconnect with a fresh one';

export interface WebSocketDependencies {
  wsServer: WebSocketServer;
  schema: GraphQLSchema;
  services: Services;
  log: Logger;
  clock: Clock;
  errorOptions: ErrorFormatOptions;
  validationRules: ValidationRule[];
  /** Which proxies may name the caller's address (TRUST_PROXY), as for HTTP requests. */
  trust: TrustFunction;
  costLimits: CostLimits;
  subscriptionLimits: SubscriptionLimits;
  metrics?: Metrics;
}

/**
 * graphql-ws on the /graphql path. The token in `connectionParams.authorization` is checked when the socket
 * connects (a bad one closes it with 4403), and then like an HTTP request's: each operation, and each event
 * of a subscription, reloads the account. A socket whose token expires, or whose account is deleted, is
 * closed with 4403; clients reconnect with a fresh token (there is no re-authentication in place).
 */
export function startWebSocketServer({
  wsServer,
  schema,
  services,
  log,
  clock,
  errorOptions,
  validationRules,
  trust,
  costLimits,
  subscriptionLimits,
  metrics,
}: WebSocketDependencies) {
  const format = (errors: readonly GraphQLError[]) =>
    errors.map((error) => {
      const formatted = formatStreamAware(error, errorOptions);
      metrics?.error(formatted.extensions?.['code']);
      return formatted;
    });
  const slots = new SubscriptionSlots(subscriptionLimits);
  metrics?.watchLive({ sockets: () => wsServer.clients.size, subscriptions: () => slots.total });

  /** An operation runs in its request scope (its log lines name it) and is timed like an HTTP one. */
  const timed = async <T>(args: ExecutionArgs, type: 'query' | 'subscription', run: () => T | Promise<T>): Promise<T> => {
    const startedAt = performance.now();
    try {
      return await inRequestScope((args.contextValue as GraphQLContext).requestId, run);
    } finally {
      if (metrics) {
        const operation = getOperationAST(args.document, args.operationName);
        const seconds = (performance.now() - startedAt) / 1000;
        metrics.operation(args.operationName ?? operation?.name?.value, type === 'query' ? operation?.operation : 'subscription', 'websocket', seconds);
      }
    }
  };

  /**
   * Parsing and validation as graphql-ws would do them, plus the cost, which needs the variables: an
   * operation refused here gets an error message and the socket stays open.
   */
  const prepare = (payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null }) => {
    let document: DocumentNode;
    try {
      document = parse(payload.query);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return [new GraphQLError(error.message, { source: error.source, positions: error.positions, extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const invalid = validate(schema, document, [...specifiedRules, ...validationRules]).map(asValidationFailure);
    if (invalid.length) return invalid;
    const tooCostly = costRefusal(schema, document, payload.operationName, payload.variables, costLimits);
    if (tooCostly) return [tooCostly];
    const args: ExecutionArgs = { schema, document, operationName: payload.operationName, variableValues: payload.variables };
    return args;
  };

  const signInAgain = (extra: SocketExtra, reason: string) => {
    clearTimeout(extra.expiryTimer);
    log.info({ socketId: extra.socketId, reason }, 'websocket closed: sign in again');
    extra.socket.close(SIGN_IN_AGAIN, reason);
  };

  /** A timer rather than a check per message: an idle socket with a subscription must close too. */
  const closeWhenTokenExpires = (extra: SocketExtra) => {
    const expiresAt = authorizationExpiry(extra.authorization);
    if (!expiresAt) return;
    const check = () => {
      // Checked against the app's clock when the timer fires (a timer may fire early; tests move the clock).
      const left = expiresAt.getTime() - clock.now().getTime();
      if (left <= 0) signInAgain(extra, TOKEN_EXPIRED);
      else extra.expiryTimer = setTimeout(check, left).unref();
    };
    check();
  };

  /** The caller as they are now; a refused token or a deleted account closes the socket, after this answer. */
  const currentViewer = async (extra: SocketExtra): Promise<User | null> => {
    try {
      return await viewerFromAuthorization(extra.authorization, services, { fresh: true });
    } catch (error) {
      if (isAuthenticationError(error)) setImmediate(() => signInAgain(extra, error.message));
      throw error;
    }
  };

  return useServer<ConnectionParams, Partial<SocketState>>(
    {
      schema,
      execute: (args) => timed(args, 'query', () => execute(args)),
      // Each event is resolved in the operation's scope too (its own async path, started by the publisher).
      subscribe: async (args) => {
        const result = await timed(args, 'subscription', () => subscribe(args));
        return Symbol.asyncIterator in result ? scoped(result, (args.contextValue as GraphQLContext).requestId) : result;
      },
      onConnect: async (ctx) => {
        ctx.extra.socketId = randomUUID();
        ctx.extra.viewers = new Map();
        ctx.extra.subscriptions = slots.forSocket();
        ctx.extra.authorization = ctx.connectionParams?.authorization;
        try {
          await viewerFromAuthorization(ctx.extra.authorization, services, { fresh: true });
          closeWhenTokenExpires(ctx.extra);
          return true;
        } catch (error) {
          log.info({ socketId: ctx.extra.socketId, reason: (error as Error).message }, 'websocket refused');
          return false;
        }
      },
      onClose: (ctx) => {
        clearTimeout(ctx.extra.expiryTimer);
        ctx.extra.subscriptions?.releaseAll();
      },
      // Every operation reloads the account, as every HTTP request does; a refusal answers this operation.
      onSubscribe: async (ctx, id, payload) => {
        let viewer: User | null;
        try {
          viewer = await currentViewer(ctx.extra);
        } catch (error) {
          if (isAuthenticationError(error)) return [error];
          throw error;
        }
        const prepared = prepare(payload);
        if (Array.isArray(prepared)) return prepared;
        if (getOperationAST(prepared.document, prepared.operationName)?.operation === 'subscription') {
          const owner = viewer ? { userId: viewer.id } : { address: clientAddress(ctx.extra.request, trust) };
          const full = ctx.extra.subscriptions?.take(id, owner);
          if (full) return [full];
        }
        ctx.extra.viewers?.set(id, viewer);
        return prepared;
      },
      // However an operation ends (completed by either side, failed, its socket closed), its slot is free.
      onComplete: (ctx, id) => ctx.extra.subscriptions?.release(id),
      context: (ctx, id, payload): GraphQLContext => {
        const requestId = `${ctx.extra.socketId}/${id}`;
        log.info({ requestId, operationName: payload.operationName ?? null, transport: 'websocket' }, 'graphql operation');
        const viewer = ctx.extra.viewers?.get(id) ?? null;
        ctx.extra.viewers?.delete(id);
        const context: GraphQLContext = {
          requestId,
          viewer,
          ip: clientAddress(ctx.extra.request, trust),
          services,
          loaders: createLoaders(services),
          // The operation's scope (see `timed`) adds requestId to its lines and the services'.
          log,
          refreshViewer: async () => {
            context.viewer = await currentViewer(ctx.extra);
            context.loaders = createLoaders(services);
            return context.viewer;
          },
        };
        return context;
      },
      onError: (ctx, id, _payload, errors) => {
        ctx.extra.viewers?.delete(id);
        return format(errors);
      },
      onNext: (_ctx, _id, _payload, args, result) => {
        const context = args.contextValue as GraphQLContext;
        forgetCallerAfterMutation(context.viewer, getOperationAST(args.document, args.operationName)?.operation, services);
        return result.errors ? { ...result, errors: format(result.errors) } : undefined;
      },
    },
    wsServer,
  );
}

/** The subscription's events, each resolved in the operation's request scope. */
function scoped<T>(events: AsyncGenerator<T, void, void>, requestId: string): AsyncGenerator<T, void, void> {
  return {
    next: () => inRequestScope(requestId, () => events.next()),
    return: () => events.return(),
    throw: (error: unknown) => events.throw(error),
    [Symbol.asyncIterator]() {
      return this;
    },
    [Symbol.asyncDispose]: async () => {
      await events.return();
    },
  };
}

/**
 * graphql-ws wraps an error thrown by a subscription's event stream (a right lost between two events) in a
 * GraphQLError without a path: format the error that was thrown, so that it keeps its code.
 */
function formatStreamAware(error: GraphQLError, options: ErrorFormatOptions) {
  const thrown = !error.path && error.originalError ? error.originalError : error;
  return formatError(thrown instanceof GraphQLError ? thrown.toJSON() : error.toJSON(), thrown, options);
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
