import type { Resolvers } from '../../generated/graphql';
import type { GraphQLContext } from '../../server/context';
import { requireRole } from '../../server/authorization';
import { money } from '../../platform/money';
import { propertyLanguage } from './property-language';
import { type ListedRoom, listedHostOf, listedRoomsOf, propertyListSelection } from './property-list';
import type { Property } from './property.entity';
import type { Room } from './room.entity';

/**
 * Whether the viewer is the host behind `hostProfileId`, or an admin: they also see inactive things.
 * Synchronous when no lookup is needed (anonymous, admin), so list pages resolve without promises.
 */
function viewerManages({ viewer, loaders }: GraphQLContext, hostProfileId: string): boolean | Promise<boolean> {
  if (!viewer) return false;
  if (viewer.role === 'ADMIN') return true;
  return loaders.hostProfileByUserId.load(viewer.id).then((host) => host?.id === hostProfileId);
}

/** Public: active, and its host verified where that is required (CatalogAccess owns the rule). */
async function isPublic({ services, loaders }: GraphQLContext, property: Property): Promise<boolean> {
  const host = await loaders.hostProfileById.load(property.hostProfileId);
  return host !== null && services.catalogAccess.isPublicProperty(property, host);
}

const hhmm = (time: string) => time.slice(0, 5);

export const catalogResolvers: Resolvers = {
  Query: {
    properties: async (_source, { filter, first, after }, { services, viewer, loaders }, info) => {
      const selection = propertyListSelection(info);
      const page = await services.properties.list(viewer, filter, { first, after }, selection);
      // Rooms and hosts reach the field resolvers with the rows (listedRoomsOf/listedHostOf); hosts, and whole
      // rows, also go to the loaders for paths that reach them another way (a room's property, its host).
      for (const host of page.hosts) loaders.hostProfileById.prime(host.id, host);
      if (!selection.columns) for (const { node } of page.connection.edges) loaders.propertyById.prime(node.id, node);
      return page.connection;
    },
    property: (_source, { id, slug }, { services, viewer }) => services.properties.findVisible(viewer, { id, slug }),
    room: async (_source, { id }, context) => {
      const room = await context.loaders.roomById.load(id);
      const property = room && (await context.loaders.propertyById.load(room.propertyId));
      if (!room || !property) return null;
      if (room.active && (await isPublic(context, property))) return room;
      return (await viewerManages(context, property.hostProfileId)) ? room : null;
    },
  },
  Mutation: {
    createProperty: (_source, { input }, { services, viewer }) => services.properties.create(requireRole(viewer, 'HOST'), input),
    updateProperty: (_source, { id, input }, { services, viewer }) => services.properties.update(requireRole(viewer, 'HOST'), id, input),
    createRoom: (_source, { input }, { services, viewer }) => services.rooms.create(requireRole(viewer, 'HOST'), input),
    updateRoom: (_source, { id, input }, { services, viewer }) => services.rooms.update(requireRole(viewer, 'HOST'), id, input),
  },
  Property: {
    address: (property) => ({
      line1: property.addressLine1,
      line2: property.addressLine2,
      city: property.city,
      region: property.region,
      country: property.country,
      postalCode: property.postalCode,
    }),
    location: (property) =>
      property.latitude === null || property.longitude === null ? null : { latitude: property.latitude, longitude: property.longitude },
    language: (property) => propertyLanguage(property),
    checkInTime: (property) => hhmm(property.checkInTime),
    checkOutTime: (property) => hhmm(property.checkOutTime),
    host: (property, _args, { loaders }) =>
      listedHostOf(property) ??
      loaders.hostProfileById.load(property.hostProfileId).then((host) => {
        if (!host) throw new Error(`property ${property.id} has no host profile`);
        return host;
      }),
    rooms: (property, _args, context) => {
      const visible = (rooms: Room[], manages: boolean) => (manages ? rooms : rooms.filter((room) => room.active));
      const listed = listedRoomsOf(property) as Room[] | undefined; // the Room type shows no timestamps
      const manages = viewerManages(context, property.hostProfileId);
      if (listed && typeof manages === 'boolean') return visible(listed, manages);
      return Promise.all([listed ?? context.loaders.roomsByPropertyId.load(property.id), manages]).then(([rooms, yes]) => visible(rooms, yes));
    },
  },
  Room: {
    roomType: (room) => ({ code: room.roomTypeCode, label: room.roomTypeLabel }),
    basePricePerNight: (room, _args, { loaders }) => {
      const listed = (room as Partial<ListedRoom>).propertyCurrency;
      if (listed) return money(room.basePriceAmount, listed);
      return loaders.propertyById.load(room.propertyId).then((property) => {
        if (!property) throw new Error(`room ${room.id} has no property`);
        return money(room.basePriceAmount, property.currency);
      });
    },
    property: async (room, _args, { loaders }) => {
      const property = await loaders.propertyById.load(room.propertyId);
      if (!property) throw new Error(`room ${room.id} has no property`);
      return property;
    },
  },
  HostProfile: {
    properties: async (host, _args, context) => {
      const properties = await context.loaders.propertiesByHostProfileId.load(host.id);
      if (await viewerManages(context, host.id)) return properties;
      return properties.filter((property) => context.services.catalogAccess.isPublicProperty(property, host));
    },
  },
};
