import type { Resolvers } from '../../generated/graphql';
import { requireRole } from '../../server/authorization';
import { notificationSettingsOf } from './host-profiles.service';

export const profilesResolvers: Resolvers = {
  Query: {
    host: (_source, { slug }, { services, viewer }) => services.hostProfiles.findVisibleBySlug(viewer, slug),
    hostProfiles: (_source, { kycStatus }, { services }) => services.hostProfiles.list(kycStatus),
  },
  Mutation: {
    updateGuestProfile: (_source, { input }, { services, viewer }) =>
      services.guestProfiles.update(requireRole(viewer, 'GUEST').id, input),
    becomeHost: (_source, { input }, { services, viewer }) =>
      services.hostProfiles.becomeHost(requireRole(viewer, 'GUEST').id, input),
    updateHostProfile: (_source, { input }, { services, viewer }) =>
      services.hostProfiles.update(requireRole(viewer, 'HOST').id, input),
    updateHostNotificationSettings: (_source, { input }, { services, viewer }) =>
      services.hostProfiles.updateNotificationSettings(requireRole(viewer, 'HOST').id, input),
    verifyHost: (_source, { hostProfileId, status, note }, { services }) =>
      services.hostProfiles.setKycStatus(hostProfileId, status, note),
  },
  GuestProfile: {
    emergencyContact: (profile) =>
      profile.emergencyContactName && profile.emergencyContactPhone
        ? { name: profile.emergencyContactName, phone: profile.emergencyContactPhone, relation: profile.emergencyContactRelation }
        : null,
  },
  HostProfile: {
    user: (profile, _args, { loaders }) => loaders.userById.load(profile.userId),
    totalBookings: (profile, _args, { loaders }) => loaders.bookingCountByHostProfileId.load(profile.id),
    notificationSettings: (profile) => notificationSettingsOf(profile),
  },
};
