import type { Resolvers } from '../../generated/graphql';

export const maintenanceResolvers: Resolvers = {
  Query: {
    maintenanceRuns: (_source, { job, first }, { services }) => services.maintenance.history(job, first ?? 50),
    deadOutboxEvents: (_source, _args, { services }) => services.outbox.listDead(),
  },
  Mutation: {
    runMaintenance: (_source, { jobs }, { services }) => services.maintenance.runNow(jobs),
    retryOutboxEvent: (_source, { id }, { services }) => services.outbox.retry(id),
  },
  MaintenanceRun: {
    counts: (run) => Object.entries(run.counts ?? {}).map(([name, value]) => ({ name, value })),
  },
  Reservation: {
    confirmationPdfUrl: (reservation, _args, { services }) => services.notifications.pdfUrl(reservation.id),
  },
};
