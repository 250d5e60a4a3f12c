import type { Resolvers } from '../../generated/graphql';
import type { MaintenanceJobName } from '../../config';

const ALL_JOBS: MaintenanceJobName[] = ['EXPIRE_HOLDS', 'COMPLETE_STAYS', 'REFRESH_CUSTOMER_STATS', 'PURGE_EXPIRED_TOKENS'];

export const maintenanceResolvers: Resolvers = {
  Query: {
    maintenanceRuns: (_source, { job, first }, { services }) => services.maintenance.history(job, first ?? 50),
    deadOutboxEvents: (_source, _args, { services }) => services.outbox.listDead(),
  },
  Mutation: {
    runMaintenance: (_source, { jobs }, { services }) => services.maintenance.runNow(jobs?.length ? jobs : ALL_JOBS),
    retryOutboxEvent: (_source, { id }, { services }) => services.outbox.retry(id),
  },
  MaintenanceRun: {
    counts: (run) => Object.entries(run.counts ?? {}).map(([name, value]) => ({ name, value })),
  },
  Reservation: {
    confirmationPdfUrl: (reservation, _args, { services }) => services.notifications.pdfUrl(reservation.id),
  },
};
