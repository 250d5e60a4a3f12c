import type { DataSource, EntityManager } from 'typeorm';
import { forbidden, notFound } from '../../platform/errors';
import type { User } from '../accounts/user.entity';
import { HostProfile } from '../profiles/host-profile.entity';
import { Property } from './property.entity';
import { Room } from './room.entity';

/**
 * Object-level rules of the catalog: a property (and its rooms and blocks) is managed by its host and by
 * admins; everyone else gets FORBIDDEN, or NOT_FOUND where the object is hidden from them.
 *
 * Who sees what, in one place: a property is public when it is active and, with `requireVerifiedHosts`
 * (REQUIRE_VERIFIED_HOSTS, always in production), its host's KYC status is VERIFIED; a room is public when
 * it and its property are. Everything else is seen only by the host and admins. `publicPropertySql` is the
 * same rule for SQL (lists and search).
 */
export class CatalogAccess {
  constructor(
    private readonly db: DataSource,
    readonly requireVerifiedHosts: boolean,
  ) {}

  /** The host may take bookings (and be listed): verified, or verification not required. */
  hostIsPublic(host: Pick<HostProfile, 'kycStatus'>): boolean {
    return !this.requireVerifiedHosts || host.kycStatus === 'VERIFIED';
  }

  isPublicProperty(property: Pick<Property, 'active'>, host: Pick<HostProfile, 'kycStatus'>): boolean {
    return property.active && this.hostIsPublic(host);
  }

  /** SQL condition: the `properties` row aliased `alias` is public. */
  publicPropertySql(alias: string): string {
    if (!this.requireVerifiedHosts) return `${alias}.active`;
    // A hashed subplan: the verified hosts are read once per statement, not once per row.
    return `(${alias}.active AND ${alias}.host_profile_id IN (SELECT id FROM host_profiles WHERE kyc_status = 'VERIFIED'))`;
  }

  /** Whether the viewer sees this property: public, or theirs to manage. */
  async canSeeProperty(viewer: User | null, property: Property, manager: EntityManager = this.db.manager): Promise<boolean> {
    const host = await manager.findOneByOrFail(HostProfile, { id: property.hostProfileId });
    return this.isPublicProperty(property, host) || manages(viewer, host.userId);
  }

  /** The user id of a property's host. */
  async ownerUserId(propertyId: string, manager: EntityManager = this.db.manager): Promise<string | null> {
    const row = await manager
      .createQueryBuilder(Property, 'property')
      .innerJoin(HostProfile, 'host', 'host.id = property.hostProfileId')
      .select('host.userId', 'userId')
      .where('property.id = :propertyId', { propertyId })
      .getRawOne<{ userId: string }>();
    return row?.userId ?? null;
  }

  async assertManagesProperty(viewer: User, propertyId: string, manager?: EntityManager): Promise<string> {
    const owner = await this.ownerUserId(propertyId, manager);
    if (owner === null) throw notFound('Property');
    if (viewer.role !== 'ADMIN' && owner !== viewer.id) throw forbidden('Only the host of this property or an admin may change it');
    return owner;
  }

  /** Returns the room's property id after checking the viewer manages it. */
  async assertManagesRoom(viewer: User, roomId: string, manager: EntityManager = this.db.manager): Promise<Room> {
    const room = await manager.findOneBy(Room, { id: roomId });
    if (!room) throw notFound('Room');
    await this.assertManagesProperty(viewer, room.propertyId, manager);
    return room;
  }
}

/** Pure form of the rule, for resolvers that already hold the owner's user id. */
export const manages = (viewer: User | null, ownerUserId: string | null | undefined) =>
  viewer !== null && (viewer.role === 'ADMIN' || viewer.id === ownerUserId);
