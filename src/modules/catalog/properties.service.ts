import { type DataSource, type EntityManager, In } from 'typeorm';
import type { ReadReplicas } from '../../db/read-replicas';
import { z } from 'zod';
import type { PageArgs } from '../../db/pagination';
import { uniqueSlug } from '../../db/unique-slug';
import { badInput, conflict, forbidden, notFound } from '../../platform/errors';
import { slugify } from '../../platform/slugs';
import { fields, type GraphQLInput, parseInput } from '../../platform/validation';
import type { User } from '../accounts/user.entity';
import { HostProfile } from '../profiles/host-profile.entity';
import type { CatalogAccess } from './catalog-access';
import { address, amenityList, cancellationPolicy, geoPoint, localTime, messageLanguage, paymentCollection, photoList, propertyKind, timeZone } from './catalog-validation';
import { listPropertyPage, type PropertyListPage, type PropertyListSelection } from './property-list';
import { Property, type PropertyKind } from './property.entity';

const EVERY_COLUMN: PropertyListSelection = { columns: null, rooms: false, host: false };

/** How far ahead a stay may end: a day to five years. */
const reassignmentCutoffDays = z.number().int().min(0, 'must be at least 0 days').max(365, 'must be at most 365 days');
const bookingWindowDays = z.number().int().min(1, 'must be at least 1 day').max(1825, 'must be at most 1825 days (five years)');

const createSchema = z.object({
  hostProfileId: z.string().uuid().nullish(),
  kind: propertyKind,
  name: z.string().trim().min(1, 'must not be empty').max(150),
  slug: fields.slug.nullish(),
  description: fields.longText.nullish(),
  address,
  location: geoPoint.nullish(),
  timeZone,
  checkInTime: localTime.nullish(),
  checkOutTime: localTime.nullish(),
  houseRules: fields.longText.nullish(),
  amenities: amenityList.nullish(),
  photos: photoList.nullish(),
  currency: fields.currencyCode,
  cancellationPolicy: cancellationPolicy.nullish(),
  paymentCollection: paymentCollection.nullish(),
  language: messageLanguage.nullish(),
  bookingWindowDays: bookingWindowDays.nullish(),
  reassignmentCutoffDays: reassignmentCutoffDays.nullish(),
});

const updateSchema = z.object({
  kind: propertyKind.optional(),
  name: z.string().trim().min(1, 'must not be empty').max(150).optional(),
  slug: fields.slug.optional(),
  description: fields.longText.optional(),
  address: address.optional(),
  location: geoPoint.nullish(),
  timeZone: timeZone.optional(),
  checkInTime: localTime.optional(),
  checkOutTime: localTime.optional(),
  houseRules: fields.longText.optional(),
  amenities: amenityList.optional(),
  photos: photoList.optional(),
  cancellationPolicy: cancellationPolicy.optional(),
  paymentCollection: paymentCollection.optional(),
  language: messageLanguage.nullish(),
  bookingWindowDays: bookingWindowDays.optional(),
  reassignmentCutoffDays: reassignmentCutoffDays.optional(),
  active: z.boolean().optional(),
});

export type CreateProperty = GraphQLInput<z.input<typeof createSchema>>;
export type UpdateProperty = GraphQLInput<z.input<typeof updateSchema>>;

export interface PropertyFilter {
  city?: string | null;
  country?: string | null;
  kind?: PropertyKind | null;
  amenities?: readonly string[] | null;
  host?: string | null;
  includeInactive?: boolean | null;
}

type AddressFields = Pick<Property, 'addressLine1' | 'addressLine2' | 'city' | 'region' | 'country' | 'postalCode'>;

function addressColumns(value: z.output<typeof address>): AddressFields {
  return {
    addressLine1: value.line1,
    addressLine2: value.line2 ?? null,
    city: value.city,
    region: value.region ?? null,
    country: value.country,
    postalCode: value.postalCode ?? null,
  };
}

/** Properties: hosts create and change their own, admins all; the public sees active ones. */
export class PropertiesService {
  constructor(
    private readonly db: DataSource,
    private readonly replicas: ReadReplicas,
    private readonly access: CatalogAccess,
  ) {}

  /**
   * Where a viewer's catalog pages and lists are read. The public and guests: a replica when there is one (a
   * change reaches them a moment later). Hosts and admins: the primary, because they edit the catalog and
   * reload what they just saved (a host's property page after `updateProperty`, their list after `createProperty`).
   */
  private readerFor(viewer: User | null): ReadReplicas | null {
    return viewer && viewer.role !== 'GUEST' ? null : this.replicas;
  }

  findByIds(ids: readonly string[]): Promise<Property[]> {
    return this.db.getRepository(Property).findBy({ id: In([...ids]) });
  }

  findByHostProfileIds(hostProfileIds: readonly string[]): Promise<Property[]> {
    return this.db.getRepository(Property).find({
      where: { hostProfileId: In([...hostProfileIds]) },
      order: { name: 'ASC', id: 'ASC' },
    });
  }

  /** By id or slug; one that is not public (inactive, host not verified) only for its host and admins. */
  async findVisible(viewer: User | null, key: { id?: string | null; slug?: string | null }): Promise<Property | null> {
    if (Boolean(key.id) === Boolean(key.slug)) throw badInput(key.id ? 'slug' : 'id', 'Give either id or slug');
    const where = key.id ? { id: parseInput(z.string().uuid('must be an id'), key.id) } : { slug: String(key.slug).toLowerCase() };
    const find = async (manager: EntityManager) => {
      const property = await manager.findOneBy(Property, where);
      if (!property) return null;
      return (await this.access.canSeeProperty(viewer, property, manager)) ? property : null;
    };
    return this.readerFor(viewer)?.read(find) ?? find(this.db.manager);
  }

  /** One page in one statement; `selection` (from the GraphQL query) says which columns and relations it reads. */
  async list(viewer: User | null, filter: PropertyFilter | null | undefined, page: PageArgs, selection: PropertyListSelection = EVERY_COLUMN): Promise<PropertyListPage> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const parameter = (value: unknown) => `$${parameters.push(value)}`;
    if (filter?.city) conditions.push(`lower(property.city) = lower(${parameter(filter.city.trim())})`);
    if (filter?.country) conditions.push(`property.country = ${parameter(parseInput(fields.countryCode, filter.country))}`);
    if (filter?.kind) conditions.push(`property.kind = ${parameter(filter.kind)}`);
    if (filter?.amenities?.length) conditions.push(`property.amenities @> ${parameter(parseInput(amenityList, filter.amenities))}::text[]`);
    // Host slugs are unique: the same rows as joining the host.
    if (filter?.host) conditions.push(`property.host_profile_id IN (SELECT id FROM host_profiles WHERE slug = ${parameter(filter.host.toLowerCase())})`);
    const visible = this.visibleCondition(viewer, filter?.includeInactive ?? false, parameter);
    if (visible) conditions.push(visible);
    const replicas = this.readerFor(viewer);
    return listPropertyPage(this.db, { conditions, parameters }, selection, page, replicas ? (sql, values) => replicas.query(sql, values) : undefined);
  }

  async create(viewer: User, input: CreateProperty): Promise<Property> {
    const details = parseInput(createSchema, input);
    return this.db.transaction(async (manager) => {
      const hostProfileId = await this.hostProfileFor(viewer, details.hostProfileId ?? null);
      const slug = details.slug ?? (await uniqueSlug(manager, Property, slugify(details.name, 'property')));
      if (await manager.existsBy(Property, { slug })) throw conflict(`The slug "${slug}" is taken`, { field: 'slug' });
      const property = manager.create(Property, {
        hostProfileId,
        kind: details.kind,
        name: details.name,
        slug,
        description: details.description ?? '',
        ...addressColumns(details.address),
        latitude: details.location?.latitude ?? null,
        longitude: details.location?.longitude ?? null,
        timeZone: details.timeZone,
        checkInTime: details.checkInTime ?? '15:00',
        checkOutTime: details.checkOutTime ?? '11:00',
        houseRules: details.houseRules ?? '',
        amenities: details.amenities ?? [],
        photos: details.photos ?? [],
        currency: details.currency,
        cancellationPolicy: details.cancellationPolicy ?? 'MODERATE',
        paymentCollection: details.paymentCollection ?? 'ONLINE',
        language: details.language ?? null,
        reviewCount: 0,
        extraGuestFeeAmount: 0,
        cleaningFeeAmount: 0,
        lateCheckoutFeeAmount: null,
        taxRateBasisPoints: 0,
        minNights: 1,
        maxNights: 90,
        bookingWindowDays: details.bookingWindowDays ?? 730,
        reassignmentCutoffDays: details.reassignmentCutoffDays ?? 1,
        active: true,
      });
      return manager.save(property);
    });
  }

  async update(viewer: User, id: string, input: UpdateProperty): Promise<Property> {
    const changes = parseInput(updateSchema, input);
    return this.db.transaction(async (manager) => {
      await this.access.assertManagesProperty(viewer, id, manager);
      const property = await manager.findOneOrFail(Property, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (changes.slug && changes.slug !== property.slug && (await manager.existsBy(Property, { slug: changes.slug }))) {
        throw conflict(`The slug "${changes.slug}" is taken`, { field: 'slug' });
      }
      const { address: newAddress, location, ...plain } = changes;
      for (const [key, value] of Object.entries(plain)) {
        if (value !== undefined) Object.assign(property, { [key]: value });
      }
      if (newAddress) Object.assign(property, addressColumns(newAddress));
      if (location !== undefined) {
        property.latitude = location?.latitude ?? null;
        property.longitude = location?.longitude ?? null;
      }
      return manager.save(property);
    });
  }

  /** Hosts always own what they create; admins pick the host (required for them unless they host too). */
  private async hostProfileFor(viewer: User, requested: string | null): Promise<string> {
    const own = await this.db.getRepository(HostProfile).findOneBy({ userId: viewer.id });
    if (viewer.role !== 'ADMIN') {
      if (!own) throw forbidden('Become a host first (becomeHost)');
      if (requested && requested !== own.id) throw forbidden('Hosts create properties for themselves only');
      return own.id;
    }
    if (!requested) {
      if (own) return own.id;
      throw badInput('hostProfileId', 'Admins must say which host the property belongs to');
    }
    if (!(await this.db.getRepository(HostProfile).existsBy({ id: requested }))) throw notFound('Host profile');
    return requested;
  }

  /** The public ones; with includeInactive, also the viewer's own that are not public (admins: all). */
  private visibleCondition(viewer: User | null, includeInactive: boolean, parameter: (value: unknown) => string): string | null {
    const isPublic = this.access.publicPropertySql('property');
    if (!includeInactive || !viewer) return isPublic;
    if (viewer.role === 'ADMIN') return null;
    return `(${isPublic} OR property.host_profile_id IN (SELECT id FROM host_profiles WHERE user_id = ${parameter(viewer.id)}))`;
  }
}
