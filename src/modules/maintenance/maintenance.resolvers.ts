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
    confirmationPdfUrl: (reservation, _args, { services }) => services.documentLinks.appUrl(reservation.id),
    documents: async (reservation, _args, { services }) =>
      (await services.documents.list(reservation.id)).map((document) => ({ ...document, url: services.documentLinks.appUrl(reservation.id, document.version) })),
  },
};
