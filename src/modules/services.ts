import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { PubSub } from '../platform/pubsub/pubsub';
import { AvailabilityEvents } from './availability/availability-events';
import { AvailabilityService } from './availability/availability.service';
import { BlocksService } from './availability/blocks.service';
import { CatalogAccess } from './catalog/catalog-access';
import { PropertiesService } from './catalog/properties.service';
import { RoomsService } from './catalog/rooms.service';
import { SearchService } from './search/search.service';
import { SearchRecorder } from './search/search-recorder';
import { PricingService } from './pricing/pricing.service';
import { QuoteService } from './pricing/quote.service';
import { DiscountCodesService } from './promotions/discount-codes.service';
import { WelcomePromotionsService } from './promotions/welcome-promotions.service';
import { LoyaltyService } from './loyalty/loyalty.service';
import { ReservationEvents } from './reservations/reservation-events';
import { ReservationQueriesService } from './reservations/reservation-queries.service';
import { ReservationsService } from './reservations/reservations.service';
import { PropertyCalendarService } from './room-assignment/property-calendar';
import { StripeGateway } from '../platform/payments/payment-gateway';
import { PaymentsService } from './payments/payments.service';
import { RefundProcessor } from './payments/refund-processor';
import { StripeEventsService } from './payments/stripe-events.service';
import { LocalOutboxMailer, SendGridMailer } from '../platform/mail/mailer';
import { OutboxDelivery } from '../platform/outbox/outbox-delivery';
import { JobRunner } from '../platform/jobs/job-runner';
import { connectionStringOf } from '../db/data-source';
import { ReadReplicas } from '../db/read-replicas';
import { PdfRenderer } from '../platform/pdf/pdf-renderer';
import { maintenanceJobs } from './maintenance/maintenance-jobs';
import { MaintenanceScheduler } from './maintenance/maintenance-scheduler';
import { MaintenanceService } from './maintenance/maintenance.service';
import { DocumentLinks } from './notifications/document-links';
import { ReservationDocuments } from './notifications/reservation-documents';
import { NotificationsService } from './notifications/notifications.service';
import type Redis from 'ioredis';
import { createRateLimiter } from '../platform/rate-limit/rate-limiter';
import { FeedbackService } from './feedback/feedback.service';
import { ReviewsService } from './reviews/reviews.service';
import { StatsService } from './stats/stats.service';
import { AccessTokens } from './accounts/access-tokens';
import { AuthService } from './accounts/auth.service';
import { LoginGuard } from './accounts/login-guard';
import { PasswordHasher } from './accounts/passwords';
import { RefreshTokensService } from './accounts/refresh-tokens.service';
import { UsersService } from './accounts/users.service';
import { ViewerCache } from './accounts/viewer-cache';
import { CalendarExportService } from './channel-sync/calendar-export.service';
import { CalendarSyncService } from './channel-sync/calendar-sync.service';
import { GuestProfilesService } from './profiles/guest-profiles.service';
import { HostProfilesService } from './profiles/host-profiles.service';

export interface ServiceDependencies {
  db: DataSource;
  config: Config;
  clock: Clock;
  log: Logger;
  pubsub: PubSub;
  /** Set (REDIS_URL): rate-limit counters live there. */
  redis?: Redis;
  /** Set when metrics are exposed: bookings, cancellations and job failures are counted. */
  metrics?: Metrics;
}

/** Every service, wired once per process. */
export function createServices({ db, config, clock, log, pubsub, redis, metrics }: ServiceDependencies) {
  const accessTokens = new AccessTokens(config.jwtSecret, config.accessTokenTtlSeconds, clock);
  const refreshTokens = new RefreshTokensService(db, clock, config.refreshTokenTtlDays);
  const users = new UsersService(db);
  const viewers = new ViewerCache(config.viewerCache);
  viewers.follow(pubsub, log);
  const catalogAccess = new CatalogAccess(db, config.requireVerifiedHosts);
  // Search, public catalog reads and stats opt into replicas through this; everything else reads the primary.
  const replicas = new ReadReplicas(db, log);
  const availabilityEvents = new AvailabilityEvents(pubsub);
  const pricing = new PricingService(db, catalogAccess);
  const discountCodes = new DiscountCodesService(db, catalogAccess, clock);
  const welcomePromotions = new WelcomePromotionsService(db, catalogAccess, clock);
  const loyalty = new LoyaltyService(db, clock, config.loyalty);
  const quotes = new QuoteService(db, catalogAccess, clock, discountCodes, loyalty);
  const reservationEvents = new ReservationEvents(pubsub);
  const reservations = new ReservationsService(db, quotes, discountCodes, loyalty, catalogAccess, availabilityEvents, reservationEvents, clock, config.holds, log);
  reservations.onStatusChange(discountCodes.releaseOnStatusChange);
  reservations.onStatusChange(loyalty.onStatusChange);
  if (metrics) {
    reservations.onBooked(() => metrics.booked());
    // Every cancellation is a status change (guest, host, admin, system), counted once it has committed.
    reservations.onStatusChange(async ({ reservation, afterCommit }) => {
      if (reservation.status === 'CANCELLED') afterCommit(() => metrics.cancelled());
    });
  }
  // The one job runner: outbox deliveries, refunds and maintenance ticks register their tasks on it.
  const jobs = new JobRunner(connectionStringOf(db), log, { ...config.jobs, onJobFailed: metrics && (() => metrics.jobFailed()) });
  const gateway = config.stripe ? new StripeGateway(config.stripe) : null;
  const refunds = new RefundProcessor(db, gateway, clock, log, jobs);
  const payments = new PaymentsService(db, gateway, reservations, refunds, clock, {
    publishableKey: config.stripe?.publishableKey ?? null,
    holdMinutes: config.holds.minutes,
    testPaymentsAllowed: !gateway && !config.isProduction,
  }, log);
  const mailer = config.mail.sendgridApiKey
    ? new SendGridMailer(config.mail.sendgridApiKey, config.mail.from, config.mail.sendgridApiBase)
    : new LocalOutboxMailer(config.mail.outboxDir, config.mail.from, log);
  const pdf = new PdfRenderer(config.chromiumPath, log, { recordsDir: path.join(config.dataDir, 'run') });
  const documents = new ReservationDocuments(db, pdf);
  const documentLinks = new DocumentLinks(config.documentLinks.secret, config.documentLinks.ttlDays, config.publicUrl, clock);
  const notifications = new NotificationsService(db, mailer, documents, documentLinks, log);
  const outbox = new OutboxDelivery(db, clock, log, config.outbox, jobs, (event, deliver) => notifications.handle(event, deliver));
  const limiter = createRateLimiter({ db, clock, redis });
  const searchRecorder = new SearchRecorder(db, clock, log, config.searchRecording);
  const loginGuard = new LoginGuard(db, clock, {
    perAccountAndAddress: config.rateLimits.loginPerAccount,
    perAddress: config.rateLimits.loginPerIp,
    accountWide: config.rateLimits.loginAccountWide,
  });
  const calendarSync = new CalendarSyncService(db, catalogAccess, availabilityEvents, clock, log, config.calendarFetch);
  const maintenance = new MaintenanceService(db, maintenanceJobs(db, reservations, clock, config, jobs, calendarSync), clock, log, jobs);
  return {
    jobs,
    limiter,
    searchRecorder,
    stats: new StatsService(db, replicas, catalogAccess, clock, () => searchRecorder.flush()),
    reviews: new ReviewsService(db, catalogAccess, limiter, clock),
    feedback: new FeedbackService(db, catalogAccess, limiter, clock),
    mailer,
    pdf,
    documents,
    documentLinks,
    notifications,
    outbox,
    maintenance,
    scheduler: new MaintenanceScheduler(maintenance, config.cron.schedules, log),
    pricing,
    quotes,
    discountCodes,
    welcomePromotions,
    loyalty,
    reservationEvents,
    reservations,
    refunds,
    payments,
    stripeEvents: new StripeEventsService(db, gateway, payments, clock, log),
    reservationQueries: new ReservationQueriesService(db, catalogAccess, clock),
    catalogAccess,
    availabilityEvents,
    properties: new PropertiesService(db, replicas, catalogAccess),
    rooms: new RoomsService(db, catalogAccess),
    calendarSync,
    calendarExport: new CalendarExportService(db, catalogAccess, clock, config.publicUrl),
    blocks: new BlocksService(db, catalogAccess, availabilityEvents, clock, log),
    availability: new AvailabilityService(db, catalogAccess),
    propertyCalendar: new PropertyCalendarService(db, catalogAccess, clock),
    search: new SearchService(db, replicas, catalogAccess, clock, searchRecorder),
    accessTokens,
    users,
    viewers,
    auth: new AuthService(db, clock, users, accessTokens, refreshTokens, loginGuard, welcomePromotions, new PasswordHasher(config.passwordHashMemoryKib)),
    guestProfiles: new GuestProfilesService(db),
    hostProfiles: new HostProfilesService(db, catalogAccess, clock),
  };
}

export type Services = ReturnType<typeof createServices>;
