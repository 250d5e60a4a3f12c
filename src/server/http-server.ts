import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type Request } from 'express';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import type { Config } from '../config';
import { databaseReadiness } from '../db/data-source';
import { createLoaders } from '../modules/loaders';
import type { Services } from '../modules/services';
import type { Clock } from '../platform/clock';
import { currentRequestId, inRequestScope, type Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import { projectRoot } from '../platform/project-root';
import { apiResponseHeaders, corsForListedOrigins, securityHeaders, webSocketOriginCheck } from './browser-access';
import { clientAddress, trustFunction } from './client-address';
import { directGraphQLPost, requestIdOf } from './graphql-http';
import type { GraphQLContext } from './context';
import { calendarFeedRouter } from './calendar-feed-route';
import { confirmationPdfRouter } from './confirmation-pdf-route';
import { ensureExplorerAssets, explorerRouter } from './explorer';
import { ensureWebAppAssets, webAppRouter } from './web-app';
import { formatError } from './format-error';
import { subscriptionsOverHttpRefused } from './http-subscriptions';
import { limitRules } from './graphql-limits';
import { metricsOnMainPort } from './metrics-endpoint';
import { operationMetrics } from './operation-metrics';
import { operationLogging } from './operation-logging';
import { queryCostLimit } from './query-cost';
import { callerForgottenAfterMutation, viewerFromAuthorization } from './request-auth';
import { buildSchema } from './schema';
import { startWebSocketServer } from './websocket';

export interface HttpServerDependencies {
  config: Config;
  services: Services;
  db: DataSource;
  log: Logger;
  clock: Clock;
  /** Set when metrics are exposed (METRICS_TOKEN or METRICS_PORT): requests and operations are measured. */
  metrics?: Metrics;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish, closes sockets with 1001. */
  close(): Promise<void>;
}

const GRAPHQL_PATH = '/graphql';
const MAX_BODY_BYTES = 1024 * 1024;

/** One HTTP server: /graphql (POST, GET and graphql-ws), /healthz, /readyz and the explorer. */
export async function startHttpServer({ config, services, db, log, clock, metrics }: HttpServerDependencies): Promise<RunningHttpServer> {
  const schema = buildSchema(config.rateLimits);
  const app = express();
  app.disable('x-powered-by');
  const trust = trustFunction(config.trustProxy);
  app.set('trust proxy', trust);
  // POST /graphql from non-browser clients skips Express (graphql-http.ts); the rest is Express's.
  let direct: (req: http.IncomingMessage, res: http.ServerResponse, requestId: string) => boolean = () => false;
  const scrape = metrics ? metricsOnMainPort(config.metrics, metrics, log) : null;
  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const requestId = requestIdOf(req);
    inRequestScope(requestId, () => {
      if (scrape && req.url?.split('?', 1)[0] === '/metrics') scrape(req, res);
      else if (!direct(req, res, requestId)) app(req, res);
    });
  };
  // Measured only when someone can read the figures.
  const httpServer = http.createServer(
    metrics
      ? (req, res) => {
          const startedAt = performance.now();
          res.once('close', () => metrics.httpRequest(req.method ?? '', req.url, res.statusCode, (performance.now() - startedAt) / 1000));
          serve(req, res);
        }
      : serve,
  );
  let shuttingDown = false;

  // Production hides "Did you mean …" suggestions: they spell out the schema to anyone guessing at it.
  const errorOptions = { exposeInternals: config.env === 'development', hideSuggestions: config.isProduction, log };
  const validationRules = limitRules(config.graphqlLimits);
  const originAllowed = webSocketOriginCheck(config.corsOrigins, config.publicUrl);
  const wsServer = new WebSocketServer({
    server: httpServer,
    path: GRAPHQL_PATH,
    // A refused origin is answered 403 before the upgrade: no socket, no operation.
    verifyClient: (info: { req: http.IncomingMessage }) => originAllowed(info.req),
  });
  const sockets = startWebSocketServer({
    wsServer,
    schema,
    services,
    log,
    clock,
    errorOptions,
    validationRules,
    trust,
    costLimits: config.graphqlLimits,
    subscriptionLimits: config.subscriptionLimits,
    metrics,
  });

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    validationRules,
    csrfPrevention: true,
    // main.ts owns the signals and stops everything in order; Apollo must not kill the process itself.
    stopOnTerminationSignals: false,
    introspection: config.explorerEnabled || !config.isProduction,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, errorOptions),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: Math.max(100, config.shutdownTimeoutMs - 3_000) }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await sockets.dispose();
            },
          };
        },
      },
      ApolloServerPluginLandingPageDisabled(),
      // The schema gives no cache hints: the default cache-control plugin would only hook every field (~15 % of a list's CPU).
      ApolloServerPluginCacheControlDisabled(),
      // A plugin runs hooks for every request: the log line's only when it would be written.
      ...(log.isLevelEnabled('info') ? [operationLogging] : []),
      ...(metrics ? [operationMetrics(metrics)] : []),
      subscriptionsOverHttpRefused,
      callerForgottenAfterMutation,
      queryCostLimit(config.graphqlLimits),
    ],
  });
  await apollo.start();

  const context = async (req: http.IncomingMessage, requestId: string): Promise<GraphQLContext> => {
    const viewer = await viewerFromAuthorization(req.headers.authorization, services);
    return {
      requestId,
      viewer,
      refreshViewer: async () => viewer,
      ip: clientAddress(req, trust),
      services,
      loaders: createLoaders(services),
      // The app's logger: the request scope (inRequestScope) adds requestId to every line, this one's and the services'.
      log,
    };
  };
  direct = directGraphQLPost({ apollo, context, headers: apiResponseHeaders(config.publicUrl), maxBodyBytes: MAX_BODY_BYTES, log });

  // The request id chosen in `serve`; entered again after each body parser (stream events leave the scope).
  const rescope: express.RequestHandler = (_req, res, next) => inRequestScope(String(res.locals['requestId']), next);
  app.use((req, res, next) => {
    const requestId = currentRequestId() ?? requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    res.locals['requestId'] = requestId;
    next();
  });
  app.use(securityHeaders(config.publicUrl));
  app.use(corsForListedOrigins(config.corsOrigins));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = shuttingDown ? { ok: false, reason: 'shutting down' } : await databaseReadiness(db);
    res.status(readiness.ok ? 200 : 503).json({ status: readiness.ok ? 'ready' : 'not ready', reason: readiness.reason });
  });

  const webAppDir = config.webApp.assetsDir ?? path.join(projectRoot(), 'dist', 'web');
  const webApp = config.webApp.enabled && (await ensureWebAppAssets(webAppDir, (message) => log.warn(message)));
  if (webApp) {
    app.use('/app', webAppRouter({ assetsDir: webAppDir, stripe: Boolean(config.stripe) }));
    app.get('/', (_req, res) => res.redirect('/app/'));
  }
  if (config.explorerEnabled) {
    const assetsDir = path.join(projectRoot(), 'dist', 'explorer');
    if (await ensureExplorerAssets(assetsDir, (message) => log.warn(message))) {
      app.use('/explorer', explorerRouter({ assetsDir }));
      if (!webApp) app.get('/', (_req, res) => res.redirect('/explorer/'));
      // A person opening /graphql in a browser wants the explorer; GET queries from clients carry a query.
      app.get(GRAPHQL_PATH, (req, res, next) => {
        const fromBrowser = req.query['query'] === undefined && req.accepts(['application/json', 'text/html']) === 'text/html';
        if (fromBrowser) res.redirect('/explorer/');
        else next();
      });
    }
  }

  app.use(confirmationPdfRouter(services, log));
  app.use(calendarFeedRouter(services, log));

  // Stripe signs the exact bytes it sent: this route reads the raw body (no JSON parser before it).
  app.post('/webhooks/stripe', express.raw({ type: () => true, limit: '1mb' }), rescope, async (req, res, next) => {
    try {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const answer = await services.stripeEvents.receive(body, req.header('stripe-signature'));
      res.status(answer.status).json(answer.body);
    } catch (error) {
      next(error);
    }
  });

  app.use(
    GRAPHQL_PATH,
    express.json({ limit: MAX_BODY_BYTES }),
    rescope,
    expressMiddleware(apollo, {
      context: ({ req }) => context(req, String(req.res?.locals['requestId'] ?? randomUUID())),
    }),
  );

  app.use((req: Request, res) => {
    res.status(404).json({ error: `Not found: ${req.method} ${req.path}` });
  });
  const jsonErrors: ErrorRequestHandler = (error, _req, res, _next) => {
    const status = typeof error?.status === 'number' && error.status < 500 ? error.status : 500;
    if (status === 500) log.error({ err: error }, 'unhandled HTTP error');
    res.status(status).json({ error: status === 500 ? 'Internal server error' : error.message });
  };
  app.use(jsonErrors);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  return {
    url: `http://${shownHost}:${port}`,
    port,
    async close() {
      shuttingDown = true;
      await apollo.stop();
    },
  };
}

