import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { validate as validateCron } from 'node-cron';
import { z } from 'zod';
import { isCurrencyCode, parseMajorUnits } from './platform/money';
import { stripeStep } from './platform/payments/stripe-amounts';

/** The one place that reads process.env. Every variable is documented in .env.example. */

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => ['true', '1', 'yes'].includes(value));

const optionalText = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

const cronExpression = z
  .string()
  .trim()
  .refine((value) => validateCron(value), 'must be a cron expression such as "*/5 * * * *"');

/** Express's names for address ranges, usable in TRUST_PROXY next to addresses and CIDR blocks. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (version === 4 ? 32 : 128);
}

const commaList = (value: string) => value.split(',').map((entry) => entry.trim()).filter(Boolean);

/**
 * How many proxies (a hop count) or which proxies (addresses, CIDR blocks, loopback…) stand in front of
 * the server. "true" is refused on purpose: trusting every hop lets any caller choose its own address.
 */
const trustProxy = optionalText.pipe(
  z
    .string()
    .refine(
      (value) => /^\d+$/.test(value) || commaList(value).every(isProxyAddress),
      'must be a hop count (e.g. 1) or a comma-separated list of addresses, CIDR blocks, loopback, linklocal or uniquelocal',
    )
    .transform((value): TrustProxy => (/^\d+$/.test(value) ? { hops: Number(value) } : { addresses: commaList(value) }))
    .optional(),
);

/** Exact origins (scheme://host[:port]), as a browser sends them in the Origin header. */
const originList = optionalText.pipe(
  z
    .string()
    .transform(commaList)
    .refine(
      (origins) => origins.every((origin) => URL.canParse(origin) && new URL(origin).origin === origin),
      'must be a comma-separated list of exact origins such as https://app.example.com (no path, no trailing slash)',
    )
    .optional(),
);

/** "EUR:1, JPY:150, KWD:0.3": what one loyalty point is worth in each currency, as minor units. */
const pointValueList = z
  .string()
  .transform(commaList)
  .transform((entries, ctx) => {
    const values = new Map<string, number>();
    for (const entry of entries) {
      const [currency = '', worth = ''] = entry.split(':').map((part) => part.trim());
      const minor = isCurrencyCode(currency) ? parseMajorUnits(worth, currency) : null;
      // A multiple of the card step (KWD's 10 fils, MGA's whole ariary…) keeps what remains to pay chargeable.
      if (!minor || minor % stripeStep(currency) !== 0 || values.has(currency)) {
        ctx.addIssue({ code: 'custom', message: `"${entry}": give each currency once as CODE:worth, e.g. EUR:1, JPY:150, KWD:0.3 (more than zero, in steps a card can be charged)` });
        return z.NEVER;
      }
      values.set(currency, minor);
    }
    return values as ReadonlyMap<string, number>;
  });

/**
 * Tracing starts before the rest of the app is loaded (src/platform/telemetry-start.ts), so its variables
 * are read on their own as well as with the others.
 */
const telemetryVariables = {
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  OTEL_SERVICE_NAME: z.string().trim().min(1).max(100).default('staygraph'),
};

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  TRUST_PROXY: trustProxy,
  CORS_ORIGINS: originList,
  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  // Read replicas (src/db/read-replicas.ts): search, public catalog reads and stats; everything else on the primary.
  DATABASE_READ_URLS: optionalText.pipe(
    z
      .string()
      .transform(commaList)
      .refine(
        (urls) => urls.every((url) => URL.canParse(url) && /^postgres(ql)?:$/.test(new URL(url).protocol)),
        'must be a comma-separated list of postgres:// URLs',
      )
      .optional(),
  ),
  DATA_DIR: z.string().min(1).default('./.data'),
  POSTGRES_BIN_DIR: optionalText,
  JWT_SECRET: optionalText.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  // Signed-in callers' accounts kept per instance (ViewerCache); changes reach every instance through NOTIFY.
  AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  AUTH_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  DOCUMENT_LINK_SECRET: optionalText,
  DOCUMENT_LINK_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  EXPLORER_ENABLED: booleanFlag.optional(),
  WEB_APP_ENABLED: booleanFlag.default(true),
  WEB_APP_DIR: optionalText,
  SEED_DEMO_DATA: booleanFlag.optional(),
  ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
  ADMIN_PASSWORD: optionalText.pipe(z.string().min(10, 'must be at least 10 characters').optional()),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).max(500).default(30),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(10_000),
  GRAPHQL_DEFAULT_LIST_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  SUBSCRIPTIONS_PER_SOCKET: z.coerce.number().int().min(1).max(1_000).default(20),
  SUBSCRIPTIONS_PER_USER: z.coerce.number().int().min(1).max(10_000).default(50),
  SUBSCRIPTIONS_PER_ANONYMOUS_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(50),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  PUBSUB_DRIVER: z.enum(['postgres', 'redis', 'memory']).optional(),
  HOLD_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  HOST_CONFIRMATION_HOURS: z.coerce.number().int().min(1).max(168).default(24),
  LOYALTY_EARN_PERCENT: z.coerce.number().min(0).max(100).default(5),
  // Below 100: points never pay a whole stay (a booking always has money to capture, refund and count).
  LOYALTY_MAX_REDEEM_PERCENT: z.coerce.number().int().min(0).max(90).default(50),
  // One EUR a point by default; stays in other currencies neither earn nor redeem until listed here.
  LOYALTY_POINT_VALUES: pointValueList.prefault('EUR:1'),
  LOYALTY_REFERRAL_POINTS: z.coerce.number().int().min(0).max(1_000_000).default(50),
  STRIPE_SECRET_KEY: optionalText.pipe(z.string().regex(/^(sk|rk)_/, 'must be a Stripe secret key (sk_… or rk_…)').optional()),
  STRIPE_PUBLISHABLE_KEY: optionalText.pipe(z.string().regex(/^pk_/, 'must be a Stripe publishable key (pk_…)').optional()),
  STRIPE_WEBHOOK_SECRET: optionalText.pipe(z.string().regex(/^whsec_/, 'must be a webhook signing secret (whsec_…)').optional()),
  STRIPE_API_BASE: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  PUBLIC_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  SENDGRID_API_KEY: optionalText,
  SENDGRID_API_BASE: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  MAIL_FROM: z.string().min(3).default('staygraph <no-reply@staygraph.dev>'),
  OUTBOX_DIR: optionalText,
  JOB_CONCURRENCY: z.coerce.number().int().min(0).max(100).default(4),
  JOB_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(2_000),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  PUPPETEER_EXECUTABLE_PATH: optionalText,
  CRON_ENABLED: booleanFlag.default(true),
  CRON_EXPIRE_HOLDS: cronExpression.default('* * * * *'),
  CRON_COMPLETE_STAYS: cronExpression.default('*/30 * * * *'),
  CRON_REFRESH_CUSTOMER_STATS: cronExpression.default('15 * * * *'),
  CRON_PURGE_EXPIRED_TOKENS: cronExpression.default('30 3 * * *'),
  CRON_PURGE_OLD_RECORDS: cronExpression.default('45 3 * * *'),
  CRON_SEND_ARRIVALS_DIGEST: cronExpression.default('5 * * * *'),
  CRON_SYNC_CALENDAR_FEEDS: cronExpression.default('10,40 * * * *'),
  // Channel sync (src/modules/channel-sync/): limits of one read of an external calendar.
  CALENDAR_FETCH_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
  CALENDAR_FETCH_MAX_BYTES: z.coerce.number().int().min(1_024).max(20_000_000).default(2_000_000),
  CALENDAR_FETCH_ALLOW_PRIVATE: booleanFlag.default(false),
  // The digest of tomorrow's arrivals goes out on the first run after this hour, in each property's time zone.
  ARRIVALS_DIGEST_LOCAL_HOUR: z.coerce.number().int().min(0).max(23).default(17),
  // Retention (the purge job, src/modules/maintenance/retention.ts). Stripe retries a webhook for 3 days:
  // processed events are kept well past that, so a late redelivery still finds its row and changes nothing.
  RETENTION_OUTBOX_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  RETENTION_DEAD_LETTER_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  RETENTION_STRIPE_EVENTS_DAYS: z.coerce.number().int().min(7, 'must be at least 7: Stripe retries a webhook for up to 3 days').max(3650).default(30),
  RETENTION_MAINTENANCE_RUNS_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  RETENTION_SEARCH_REQUESTS_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  RETENTION_RATE_LIMIT_HOURS: z.coerce.number().int().min(2, 'must be at least 2: the longest limit window is an hour').max(8760).default(24),
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(1_000),
  CUSTOMER_TIER_REGULAR_VISITS: z.coerce.number().int().min(1).default(1),
  CUSTOMER_TIER_SUPER_VISITS: z.coerce.number().int().min(1).default(3),
  RATE_LIMIT_MUTATIONS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_LOGIN_PER_IP: z.coerce.number().int().min(1).default(30),
  RATE_LIMIT_LOGIN_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_REGISTER_PER_IP: z.coerce.number().int().min(1).default(10),
  PASSWORD_HASH_MEMORY_KIB: z.coerce.number().int().min(1_024).max(4_194_304).default(65_536),
  RATE_LIMIT_LOGIN_ACCOUNT_WIDE: z.coerce.number().int().min(1).default(100),
  RATE_LIMIT_ANONYMOUS_QUERIES_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  RATE_LIMIT_USER_QUERIES_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  REDIS_URL: optionalText.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  SEARCH_RECORD_FLUSH_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  SEARCH_RECORD_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  REQUIRE_VERIFIED_HOSTS: booleanFlag.default(true),
  // Observability (docs/architecture.md, "Observability"): /metrics behind a token on PORT, or on its own listener.
  METRICS_TOKEN: optionalText,
  METRICS_PORT: optionalText.pipe(z.string().regex(/^\d{1,5}$/, 'must be a port number').transform(Number).pipe(z.number().max(65535)).optional()),
  METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  ...telemetryVariables,
});

export type Environment = z.infer<typeof environmentSchema>;


export interface TelemetryConfig {
  /** Unset: no tracing at all (no SDK loaded, no spans made). */
  endpoint?: string;
  serviceName: string;
}

export function loadTelemetryConfig(source: NodeJS.ProcessEnv = process.env): TelemetryConfig {
  const parsed = z.object(telemetryVariables).safeParse(source);
  if (!parsed.success) throw new ConfigError(`Invalid environment:\n${describeIssues(parsed.error)}`);
  return { endpoint: parsed.data.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: parsed.data.OTEL_SERVICE_NAME };
}

export interface Config {
  env: Environment['NODE_ENV'];
  isProduction: boolean;
  port: number;
  host: string;
  /** The proxies in front of the server, whose X-Forwarded-For is believed; unset: none (callers are who connects). */
  trustProxy?: TrustProxy;
  /** Browser origins allowed to call the API (CORS, WebSocket upgrades); empty: only the server's own. */
  corsOrigins: string[];
  /** Unset: start the embedded PostgreSQL under dataDir. */
  databaseUrl?: string;
  /** Streaming replicas for search, public catalog reads and stats (DATABASE_READ_URLS); empty: all on the primary. */
  databaseReadUrls: string[];
  dataDir: string;
  postgresBinDir?: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  /** Per-instance cache of signed-in callers' accounts: how long an entry serves (0: off) and how many are kept. */
  viewerCache: { ttlMs: number; maxEntries: number };
  logLevel: Environment['LOG_LEVEL'];
  explorerEnabled: boolean;
  /** The reference web app at /app/: served from `assetsDir` (built there on the fly in development when missing). */
  webApp: { enabled: boolean; assetsDir?: string };
  /** Seed demo data when the embedded database is created (development only). */
  seedDemoData: boolean;
  bootstrapAdmin?: { email: string; password: string };
  /** argon2id memory cost of new password hashes (PASSWORD_HASH_MEMORY_KIB). */
  passwordHashMemoryKib: number;
  /** maxCost counts objects the answer may hold; lists without `first` count defaultListSize items. */
  graphqlLimits: { maxDepth: number; maxAliases: number; maxCost: number; defaultListSize: number };
  /** Open subscriptions at once, in this process: per socket, per signed-in user, per anonymous address. */
  subscriptionLimits: SubscriptionLimits;
  shutdownTimeoutMs: number;
  /**
   * Live events: postgres (LISTEN/NOTIFY, shared by every instance on the database; the default without
   * REDIS_URL), redis (Redis PUBLISH/SUBSCRIBE; the default with REDIS_URL), memory (this process only).
   */
  pubsubDriver: 'postgres' | 'redis' | 'memory';
  /** How long a PENDING reservation holds its dates. */
  /** PENDING holds: HOLD_MINUTES while a guest pays online, HOST_CONFIRMATION_HOURS for pay-at-property houses. */
  holds: { minutes: number; hostConfirmationHours: number };
  /** Points: LOYALTY_EARN_PERCENT (as basis points), LOYALTY_MAX_REDEEM_PERCENT, LOYALTY_POINT_VALUES, LOYALTY_REFERRAL_POINTS. */
  loyalty: { earnBasisPoints: number; maxRedeemPercent: number; pointValues: ReadonlyMap<string, number>; referralPoints: number };
  /** Unset: local payment mode (no Stripe; confirmTestPayment in development). */
  stripe?: StripeConfig;
  /** Where links in emails point (the PDF download). */
  publicUrl: string;
  /** Signed links to a reservation's PDF (emails): HMAC key and lifetime. */
  documentLinks: { secret: Buffer; ttlDays: number };
  mail: { sendgridApiKey?: string; sendgridApiBase?: string; from: string; outboxDir: string };
  outbox: { maxAttempts: number };
  /** The job runner (graphile-worker): jobs run at once by this instance (0: none), idle poll for due retries. */
  jobs: { concurrency: number; pollMs: number };
  /** Chromium for PDF rendering. */
  chromiumPath: string;
  cron: { enabled: boolean; schedules: Record<MaintenanceJobName, string> };
  /** Reading external calendars: whole-exchange timeout, body cut-off, and (tests only) private addresses. */
  calendarFetch: { timeoutMs: number; maxBytes: number; allowPrivate: boolean };
  /** Hosts' daily digest of tomorrow's arrivals: sent once the property's local time reaches this hour. */
  arrivalsDigestLocalHour: number;
  /** How long finished records are kept before the PURGE_OLD_RECORDS job deletes them (in batches). */
  retention: RetentionConfig;
  customerTiers: { regularVisits: number; superVisits: number };
  rateLimits: RateLimits;
  /** Unset: rate-limit counters live in PostgreSQL (table rate_limit_points); set: in this Redis, and live events go through it (PUBSUB_DRIVER). */
  redisUrl?: string;
  /** Searches are recorded in batches: every `flushSeconds`, or as soon as `batch` are waiting. */
  searchRecording: { flushSeconds: number; batch: number };
  /**
   * Only properties of KYC-VERIFIED hosts are public and bookable. Always true in production; development
   * may turn it off (REQUIRE_VERIFIED_HOSTS=false) to try a new host's listing before anyone reviews it.
   */
  requireVerifiedHosts: boolean;
  /**
   * /metrics: with `token`, on the main port for `Authorization: Bearer <token>`; with `port`, on a listener
   * of its own (bound to `host`) without a token. Neither: no /metrics.
   */
  metrics: { token?: string; port?: number; host: string };
  telemetry: TelemetryConfig;
}

export interface SubscriptionLimits {
  perSocket: number;
  perUser: number;
  perAnonymousAddress: number;
}

export interface RateLimits {
  /** Mutations per minute for a NEW guest; others get a multiple (see src/server/throttling.ts). */
  mutationsPerMinute: number;
  /**
   * Failed sign-ins (see src/modules/accounts/login-guard.ts): per address across accounts, per account from
   * one address (consecutive), and per account across every address (a slow-down only, never a block).
   */
  loginPerIp: number;
  loginPerAccount: number;
  loginAccountWide: number;
  /** Registrations per hour and address. */
  registerPerIp: number;
  /** Query operations per minute: anonymous callers per address, signed-in users per account (0: unlimited). */
  anonymousQueriesPerMinute: number;
  userQueriesPerMinute: number;
}

export type TrustProxy = { hops: number } | { addresses: string[] };

/** Every maintenance job, in the order `runMaintenance` runs them when none is named. */
export const MAINTENANCE_JOBS = ['EXPIRE_HOLDS', 'COMPLETE_STAYS', 'REFRESH_CUSTOMER_STATS', 'PURGE_EXPIRED_TOKENS', 'PURGE_OLD_RECORDS', 'SEND_ARRIVALS_DIGEST', 'SYNC_CALENDAR_FEEDS'] as const;
export type MaintenanceJobName = (typeof MAINTENANCE_JOBS)[number];

export interface RetentionConfig {
  outboxDays: number;
  /** Dead outbox events and dead jobs: kept longer, until an admin retries them or this age passes. */
  deadLetterDays: number;
  stripeEventsDays: number;
  maintenanceRunsDays: number;
  searchRequestsDays: number;
  rateLimitHours: number;
  batchSize: number;
}

function chromiumPath(explicit: string | undefined): string {
  if (explicit) return explicit;
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((candidate) => existsSync(candidate)) ?? '/usr/bin/chromium';
}

export interface StripeConfig {
  secretKey: string;
  publishableKey: string | null;
  webhookSecret: string;
  /** Another Stripe API address (tests: a local fake); unset means Stripe itself. */
  apiBase?: { host: string; port: number; protocol: 'http' | 'https' };
}

function stripeConfig(env: Environment): StripeConfig | undefined {
  if (!env.STRIPE_SECRET_KEY) return undefined;
  if (!env.STRIPE_WEBHOOK_SECRET) throw new ConfigError('STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY (webhooks must be verified)');
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : undefined;
  const protocol = base?.protocol === 'http:' ? 'http' : 'https';
  return {
    secretKey: env.STRIPE_SECRET_KEY,
    publishableKey: env.STRIPE_PUBLISHABLE_KEY ?? null,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    apiBase: base ? { host: base.hostname, port: Number(base.port || (protocol === 'http' ? 80 : 443)), protocol } : undefined,
  };
}

export class ConfigError extends Error {}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
}

/** Development keeps one generated secret under DATA_DIR so tokens survive restarts. */
function localJwtSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Unset: derived from the JWT secret under its own label, so a link signature is never a valid token signature. */
function documentLinkSecret(explicit: string | undefined, jwtSecret: string): Buffer {
  return explicit ? Buffer.from(explicit) : createHmac('sha256', jwtSecret).update('staygraph document links v1').digest();
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) throw new ConfigError(`Invalid environment:\n${describeIssues(parsed.error)}`);
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';

  const missing = isProduction ? (['DATABASE_URL', 'JWT_SECRET'] as const).filter((name) => !env[name]) : [];
  if (missing.length) throw new ConfigError(`NODE_ENV=production requires ${missing.join(' and ')}`);
  if (Boolean(env.ADMIN_EMAIL) !== Boolean(env.ADMIN_PASSWORD)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (isProduction && !env.REQUIRE_VERIFIED_HOSTS) {
    throw new ConfigError('REQUIRE_VERIFIED_HOSTS=false is for development: production lists verified hosts only');
  }

  if (isProduction && env.CALENDAR_FETCH_ALLOW_PRIVATE) {
    throw new ConfigError('CALENDAR_FETCH_ALLOW_PRIVATE=true is for tests: production fetches calendars from public addresses only');
  }

  if (isProduction && env.PASSWORD_HASH_MEMORY_KIB < 19_456) {
    throw new ConfigError('PASSWORD_HASH_MEMORY_KIB must be at least 19456 (19 MiB, the OWASP minimum for argon2id) in production');
  }

  if (isProduction && env.DOCUMENT_LINK_SECRET !== undefined && env.DOCUMENT_LINK_SECRET.length < 32) {
    throw new ConfigError('DOCUMENT_LINK_SECRET must be at least 32 characters in production (or leave it unset to derive one from JWT_SECRET)');
  }

  if (env.PUBSUB_DRIVER === 'redis' && !env.REDIS_URL) {
    throw new ConfigError('PUBSUB_DRIVER=redis requires REDIS_URL');
  }
  if (isProduction && env.METRICS_TOKEN !== undefined && env.METRICS_TOKEN.length < 32) {
    throw new ConfigError('METRICS_TOKEN must be at least 32 characters in production');
  }
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
    throw new ConfigError('METRICS_PORT must differ from PORT (or leave it unset and use METRICS_TOKEN)');
  }

  const dataDir = path.resolve(env.DATA_DIR);
  const jwtSecret = env.JWT_SECRET ?? localJwtSecret(dataDir);
  return {
    env: env.NODE_ENV,
    isProduction,
    port: env.PORT,
    host: env.HOST,
    trustProxy: env.TRUST_PROXY,
    corsOrigins: env.CORS_ORIGINS ?? [],
    databaseUrl: env.DATABASE_URL,
    databaseReadUrls: env.DATABASE_READ_URLS ?? [],
    dataDir,
    postgresBinDir: env.POSTGRES_BIN_DIR,
    jwtSecret,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    viewerCache: { ttlMs: env.AUTH_CACHE_TTL_MS, maxEntries: env.AUTH_CACHE_MAX_ENTRIES },
    logLevel: env.LOG_LEVEL,
    passwordHashMemoryKib: env.PASSWORD_HASH_MEMORY_KIB,
    explorerEnabled: env.EXPLORER_ENABLED ?? !isProduction,
    webApp: { enabled: env.WEB_APP_ENABLED, assetsDir: env.WEB_APP_DIR ? path.resolve(env.WEB_APP_DIR) : undefined },
    seedDemoData: !isProduction && (env.SEED_DEMO_DATA ?? true),
    bootstrapAdmin:
      env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : undefined,
    graphqlLimits: {
      maxDepth: env.GRAPHQL_MAX_DEPTH,
      maxAliases: env.GRAPHQL_MAX_ALIASES,
      maxCost: env.GRAPHQL_MAX_COST,
      defaultListSize: env.GRAPHQL_DEFAULT_LIST_SIZE,
    },
    subscriptionLimits: {
      perSocket: env.SUBSCRIPTIONS_PER_SOCKET,
      perUser: env.SUBSCRIPTIONS_PER_USER,
      perAnonymousAddress: env.SUBSCRIPTIONS_PER_ANONYMOUS_ADDRESS,
    },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    pubsubDriver: env.PUBSUB_DRIVER ?? (env.REDIS_URL ? 'redis' : 'postgres'),
    holds: { minutes: env.HOLD_MINUTES, hostConfirmationHours: env.HOST_CONFIRMATION_HOURS },
    loyalty: {
      earnBasisPoints: Math.round(env.LOYALTY_EARN_PERCENT * 100),
      maxRedeemPercent: env.LOYALTY_MAX_REDEEM_PERCENT,
      pointValues: env.LOYALTY_POINT_VALUES,
      referralPoints: env.LOYALTY_REFERRAL_POINTS,
    },
    stripe: stripeConfig(env),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    documentLinks: { secret: documentLinkSecret(env.DOCUMENT_LINK_SECRET, jwtSecret), ttlDays: env.DOCUMENT_LINK_TTL_DAYS },
    mail: {
      sendgridApiKey: env.SENDGRID_API_KEY,
      sendgridApiBase: env.SENDGRID_API_BASE,
      from: env.MAIL_FROM,
      outboxDir: path.resolve(env.OUTBOX_DIR ?? path.join(dataDir, 'outbox')),
    },
    outbox: { maxAttempts: env.OUTBOX_MAX_ATTEMPTS },
    jobs: { concurrency: env.JOB_CONCURRENCY, pollMs: env.JOB_POLL_MS },
    chromiumPath: chromiumPath(env.PUPPETEER_EXECUTABLE_PATH),
    cron: {
      enabled: env.CRON_ENABLED,
      schedules: {
        EXPIRE_HOLDS: env.CRON_EXPIRE_HOLDS,
        COMPLETE_STAYS: env.CRON_COMPLETE_STAYS,
        REFRESH_CUSTOMER_STATS: env.CRON_REFRESH_CUSTOMER_STATS,
        PURGE_EXPIRED_TOKENS: env.CRON_PURGE_EXPIRED_TOKENS,
        PURGE_OLD_RECORDS: env.CRON_PURGE_OLD_RECORDS,
        SEND_ARRIVALS_DIGEST: env.CRON_SEND_ARRIVALS_DIGEST,
        SYNC_CALENDAR_FEEDS: env.CRON_SYNC_CALENDAR_FEEDS,
      },
    },
    calendarFetch: {
      timeoutMs: env.CALENDAR_FETCH_TIMEOUT_MS,
      maxBytes: env.CALENDAR_FETCH_MAX_BYTES,
      allowPrivate: env.CALENDAR_FETCH_ALLOW_PRIVATE,
    },
    arrivalsDigestLocalHour: env.ARRIVALS_DIGEST_LOCAL_HOUR,
    retention: {
      outboxDays: env.RETENTION_OUTBOX_DAYS,
      deadLetterDays: env.RETENTION_DEAD_LETTER_DAYS,
      stripeEventsDays: env.RETENTION_STRIPE_EVENTS_DAYS,
      maintenanceRunsDays: env.RETENTION_MAINTENANCE_RUNS_DAYS,
      searchRequestsDays: env.RETENTION_SEARCH_REQUESTS_DAYS,
      rateLimitHours: env.RETENTION_RATE_LIMIT_HOURS,
      batchSize: env.RETENTION_BATCH_SIZE,
    },
    customerTiers: { regularVisits: env.CUSTOMER_TIER_REGULAR_VISITS, superVisits: env.CUSTOMER_TIER_SUPER_VISITS },
    rateLimits: {
      mutationsPerMinute: env.RATE_LIMIT_MUTATIONS_PER_MINUTE,
      loginPerIp: env.RATE_LIMIT_LOGIN_PER_IP,
      loginPerAccount: env.RATE_LIMIT_LOGIN_PER_ACCOUNT,
      registerPerIp: env.RATE_LIMIT_REGISTER_PER_IP,
      loginAccountWide: env.RATE_LIMIT_LOGIN_ACCOUNT_WIDE,
      anonymousQueriesPerMinute: env.RATE_LIMIT_ANONYMOUS_QUERIES_PER_MINUTE,
      userQueriesPerMinute: env.RATE_LIMIT_USER_QUERIES_PER_MINUTE,
    },
    redisUrl: env.REDIS_URL,
    searchRecording: { flushSeconds: env.SEARCH_RECORD_FLUSH_SECONDS, batch: env.SEARCH_RECORD_BATCH },
    requireVerifiedHosts: env.REQUIRE_VERIFIED_HOSTS,
    metrics: { token: env.METRICS_TOKEN, port: env.METRICS_PORT, host: env.METRICS_HOST },
    telemetry: { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME },
  };
}
