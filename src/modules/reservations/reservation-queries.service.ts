import { type DataSource, In, type SelectQueryBuilder } from 'typeorm';
import { type Connection, type PageArgs, paginateBy } from '../../db/pagination';
import type { Clock } from '../../platform/clock';
import { badInput } from '../../platform/errors';
import type { User } from '../accounts/user.entity';
import type { CatalogAccess } from '../catalog/catalog-access';
import { HostProfile } from '../profiles/host-profile.entity';
import { Property } from '../catalog/property.entity';
import { ReservationHistory } from './reservation-history.entity';
import { COUNTS_AS_BOOKING } from './reservation-lifecycle';
import { Reservation, type ReservationStatus } from './reservation.entity';

export type ReservationScope = 'UPCOMING' | 'CURRENT' | 'PAST' | 'ALL';

export interface ReservationFilter {
  status?: ReservationStatus | null;
  propertyId?: string | null;
  guestUserId?: string | null;
  code?: string | null;
  from?: string | null;
  to?: string | null;
}

/** "Today" where the property is, for the row's property (joined as `property`). */
const TODAY_THERE = `(CAST(:now AS timestamptz) AT TIME ZONE property.time_zone)::date`;

/** Lists of reservations for guests, hosts and admins. */
export class ReservationQueriesService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
    private readonly clock: Clock,
  ) {}

  historyByReservationIds(ids: readonly string[]): Promise<ReservationHistory[]> {
    return this.db.getRepository(ReservationHistory).find({
      where: { reservationId: In([...ids]) },
      order: { seq: 'ASC' },
    });
  }

  /** Bookings per host profile, counted live from reservations (see COUNTS_AS_BOOKING). */
  async bookingCountsByHostProfileIds(ids: readonly string[]): Promise<{ hostProfileId: string; count: number }[]> {
    return this.db.query(
      `SELECT p.host_profile_id AS "hostProfileId", count(*)::int AS count
         FROM reservations r JOIN properties p ON p.id = r.property_id
        WHERE p.host_profile_id = ANY($1::uuid[]) AND r.status = ANY($2::text[])
        GROUP BY p.host_profile_id`,
      [ids, COUNTS_AS_BOOKING],
    );
  }

  findByIds(ids: readonly string[]): Promise<Reservation[]> {
    return this.db.getRepository(Reservation).findBy({ id: In([...ids]) });
  }

  /** UPCOMING and CURRENT soonest first; PAST and ALL latest stay first. */
  mine(viewer: User, scope: ReservationScope, page: PageArgs): Promise<Connection<Reservation>> {
    const query = this.withProperty().where('reservation.guestUserId = :guestId', { guestId: viewer.id });
    query.setParameter('now', this.clock.now());
    if (scope === 'UPCOMING') query.andWhere(`reservation.checkIn > ${TODAY_THERE}`);
    if (scope === 'CURRENT') query.andWhere(`reservation.checkIn <= ${TODAY_THERE} AND reservation.checkOut > ${TODAY_THERE}`);
    if (scope === 'PAST') query.andWhere(`reservation.checkOut <= ${TODAY_THERE}`);
    const direction = scope === 'UPCOMING' || scope === 'CURRENT' ? 'ASC' : 'DESC';
    return paginateBy(query, { property: 'checkIn', direction }, page);
  }

  async forHost(viewer: User, filter: ReservationFilter, page: PageArgs): Promise<Connection<Reservation>> {
    if (filter.propertyId) await this.access.assertManagesProperty(viewer, filter.propertyId);
    const query = this.filtered(filter);
    if (viewer.role !== 'ADMIN') {
      query
        .innerJoin(HostProfile, 'host', 'host.id = property.hostProfileId')
        .andWhere('host.userId = :hostUserId', { hostUserId: viewer.id });
    }
    return paginateBy(query, { property: 'checkIn', direction: 'DESC' }, page);
  }

  all(filter: ReservationFilter | null | undefined, page: PageArgs): Promise<Connection<Reservation>> {
    return paginateBy(this.filtered(filter ?? {}), { property: 'checkIn', direction: 'DESC' }, page);
  }

  private filtered(filter: ReservationFilter): SelectQueryBuilder<Reservation> {
    const query = this.withProperty();
    if (filter.status) query.andWhere('reservation.status = :status', { status: filter.status });
    if (filter.propertyId) query.andWhere('reservation.propertyId = :propertyId', { propertyId: filter.propertyId });
    if (filter.guestUserId) query.andWhere('reservation.guestUserId = :guestUserId', { guestUserId: filter.guestUserId });
    if (filter.code) query.andWhere('reservation.code = :code', { code: filter.code.trim().toUpperCase() });
    if (filter.from && filter.to && filter.to <= filter.from) throw badInput('to', 'to must be after from');
    if (filter.from) query.andWhere('reservation.checkOut > :from', { from: filter.from });
    if (filter.to) query.andWhere('reservation.checkIn < :to', { to: filter.to });
    return query;
  }

  private withProperty(): SelectQueryBuilder<Reservation> {
    return this.db.getRepository(Reservation).createQueryBuilder('reservation').innerJoin(Property, 'property', 'property.id = reservation.propertyId');
  }
}
