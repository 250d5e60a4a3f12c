import { type DataSource, type EntityManager, In } from 'typeorm';
import { z } from 'zod';
import type { Clock } from '../../platform/clock';
import { conflict, notFound } from '../../platform/errors';
import { fields, type GraphQLInput, parseInput } from '../../platform/validation';
import { User } from '../accounts/user.entity';
import { type CatalogAccess, manages } from '../catalog/catalog-access';
import { HostProfile, type KycStatus } from './host-profile.entity';
import { slugify } from '../../platform/slugs';
import { uniqueSlug } from '../../db/unique-slug';

const kycDocumentType = z.enum(['PASSPORT', 'NATIONAL_ID', 'DRIVING_LICENCE', 'BUSINESS_REGISTRATION']);
const payoutMethod = z.enum(['BANK_TRANSFER', 'STRIPE_CONNECT', 'PAYPAL']);

const becomeHostSchema = z.object({
  businessName: fields.personName,
  slug: fields.slug.nullish(),
  contactEmail: fields.email.nullish(),
  contactPhone: fields.phone.nullish(),
  kycDocumentType: kycDocumentType.nullish(),
  payoutMethod: payoutMethod.nullish(),
});

const notificationSettingsSchema = z.object({
  newBooking: z.boolean().optional(),
  cancellation: z.boolean().optional(),
  paymentFailed: z.boolean().optional(),
  arrivalsDigest: z.boolean().optional(),
});

/** The host's email switches, as the schema names them. */
export const notificationSettingsOf = (profile: HostProfile) => ({
  newBooking: profile.notifyNewBooking,
  cancellation: profile.notifyCancellation,
  paymentFailed: profile.notifyPaymentFailed,
  arrivalsDigest: profile.notifyArrivalsDigest,
});

const updateHostSchema = z.object({
  businessName: fields.personName.optional(),
  slug: fields.slug.optional(),
  contactEmail: fields.email.optional(),
  contactPhone: fields.phone.nullish(),
  kycDocumentType: kycDocumentType.nullish(),
  payoutMethod: payoutMethod.nullish(),
});

export type BecomeHost = z.input<typeof becomeHostSchema>;
export type UpdateHostProfile = GraphQLInput<z.input<typeof updateHostSchema>>;

/** Host profiles: becoming a host, the public storefront profile, and KYC review. */
export class HostProfilesService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
    private readonly clock: Clock,
  ) {}

  /** The storefront: a host whose properties are not public (KYC not verified) only for itself and admins. */
  async findVisibleBySlug(viewer: User | null, slug: string): Promise<HostProfile | null> {
    const profile = await this.db.getRepository(HostProfile).findOneBy({ slug: slug.toLowerCase() });
    if (!profile) return null;
    return this.access.hostIsPublic(profile) || manages(viewer, profile.userId) ? profile : null;
  }

  findByIds(ids: readonly string[]): Promise<HostProfile[]> {
    return this.db.getRepository(HostProfile).findBy({ id: In([...ids]) });
  }

  findByUserIds(userIds: readonly string[]): Promise<HostProfile[]> {
    return this.db.getRepository(HostProfile).findBy({ userId: In([...userIds]) });
  }

  list(kycStatus?: KycStatus | null): Promise<HostProfile[]> {
    return this.db.getRepository(HostProfile).find({
      where: kycStatus ? { kycStatus } : {},
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Turns a guest into a host; an admin keeps the ADMIN role and gains a profile. */
  async becomeHost(userId: string, input: BecomeHost): Promise<HostProfile> {
    const details = parseInput(becomeHostSchema, input);
    return this.db.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id: userId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('User');
      if (await manager.existsBy(HostProfile, { userId })) throw conflict('You are already a host');
      const slug = details.slug ?? (await uniqueSlug(manager, HostProfile, slugify(details.businessName, 'host')));
      await this.assertSlugFree(manager, slug);
      const profile = manager.create(HostProfile, {
        userId,
        businessName: details.businessName,
        slug,
        contactEmail: details.contactEmail ?? user.email,
        contactPhone: details.contactPhone ?? user.phone,
        kycStatus: 'PENDING',
        kycDocumentType: details.kycDocumentType ?? null,
        payoutMethod: details.payoutMethod ?? null,
        totalReviews: 0,
        // Every email on (the columns' defaults too): set here so the returned profile carries them.
        notifyNewBooking: true,
        notifyCancellation: true,
        notifyPaymentFailed: true,
        notifyArrivalsDigest: true,
      });
      await manager.save(profile);
      if (user.role === 'GUEST') await manager.update(User, { id: userId }, { role: 'HOST' });
      return profile;
    });
  }

  async update(userId: string, input: UpdateHostProfile): Promise<HostProfile> {
    const changes = parseInput(updateHostSchema, input);
    return this.db.transaction(async (manager) => {
      const profile = await manager.findOne(HostProfile, { where: { userId }, lock: { mode: 'pessimistic_write' } });
      if (!profile) throw notFound('Host profile');
      if (changes.slug && changes.slug !== profile.slug) await this.assertSlugFree(manager, changes.slug);
      for (const [key, value] of Object.entries(changes)) {
        if (value !== undefined) Object.assign(profile, { [key]: value });
      }
      return manager.save(profile);
    });
  }

  /** Turns the host's emails on or off; fields left out (or null) stay as they are. */
  async updateNotificationSettings(userId: string, input: GraphQLInput<z.input<typeof notificationSettingsSchema>>) {
    const changes = parseInput(notificationSettingsSchema, Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null)));
    return this.db.transaction(async (manager) => {
      const profile = await manager.findOne(HostProfile, { where: { userId }, lock: { mode: 'pessimistic_write' } });
      if (!profile) throw notFound('Host profile');
      if (changes.newBooking !== undefined) profile.notifyNewBooking = changes.newBooking;
      if (changes.cancellation !== undefined) profile.notifyCancellation = changes.cancellation;
      if (changes.paymentFailed !== undefined) profile.notifyPaymentFailed = changes.paymentFailed;
      if (changes.arrivalsDigest !== undefined) profile.notifyArrivalsDigest = changes.arrivalsDigest;
      return notificationSettingsOf(await manager.save(profile));
    });
  }

  async setKycStatus(hostProfileId: string, status: KycStatus, note?: string | null): Promise<HostProfile> {
    const reviewNote = parseInput(fields.shortText.nullish(), note);
    return this.db.transaction(async (manager) => {
      const profile = await manager.findOne(HostProfile, { where: { id: hostProfileId }, lock: { mode: 'pessimistic_write' } });
      if (!profile) throw notFound('Host profile');
      profile.kycStatus = status;
      profile.kycNote = reviewNote ?? null;
      profile.kycReviewedAt = this.clock.now();
      return manager.save(profile);
    });
  }

  private async assertSlugFree(manager: EntityManager, slug: string): Promise<void> {
    if (await manager.existsBy(HostProfile, { slug })) throw conflict(`The slug "${slug}" is taken`, { field: 'slug' });
  }
}
