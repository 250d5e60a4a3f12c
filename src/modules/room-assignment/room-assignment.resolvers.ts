import type { Resolvers } from '../../generated/graphql';
import { requireRole } from '../../server/authorization';

export const roomAssignmentResolvers: Resolvers = {
  Query: {
    propertyCalendar: (_source, { propertyId, from, to }, { services, viewer }) =>
      services.propertyCalendar.forProperty(requireRole(viewer, 'HOST'), propertyId, from, to),
  },
};
