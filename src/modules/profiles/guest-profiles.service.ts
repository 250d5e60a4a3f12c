import { type DataSource, In } from 'typeorm';
import { z } from 'zod';
import { fields, parseInput } from '../../platform/validation';
import { CustomerStats } from './customer-stats.entity';
import { GuestProfile } from './guest-profile.entity';

const updateGuestProfileSchema = z.object({
  preferredLanguage: fields.languageCode.nullish(),
  preferredCurrency: fields.currencyCode.nullish(),
  preferencesNote: fields.longText.nullish(),
  emergencyContact: z
    .object({ name: fields.personName, phone: fields.phone, relation: fields.shortText.nullish() })
    .nullish(),
  passportNumber: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.string().regex(/^[A-Z0-9]{5,20}$/, 'must be 5 to 20 letters or digits'))
    .nullish(),
  passportCountry: fields.countryCode.nullish(),
});

export type UpdateGuestProfile = z.input<typeof updateGuestProfileSchema>;

/** Guest profiles (created on first update) and the customer stats kept beside them. */
export class GuestProfilesService {
  constructor(private readonly db: DataSource) {}

  findByUserIds(userIds: readonly string[]): Promise<GuestProfile[]> {
    return this.db.getRepository(GuestProfile).findBy({ userId: In([...userIds]) });
  }

  findStatsByUserIds(userIds: readonly string[]): Promise<CustomerStats[]> {
    return this.db.getRepository(CustomerStats).findBy({ userId: In([...userIds]) });
  }

  /** Fields left out stay; fields given as null are cleared. */
  async update(userId: string, input: UpdateGuestProfile): Promise<GuestProfile> {
    const changes = parseInput(updateGuestProfileSchema, input);
    return this.db.transaction(async (manager) => {
      const repository = manager.getRepository(GuestProfile);
      // Upsert first so two concurrent first updates cannot both insert.
      await repository.createQueryBuilder().insert().values({ userId }).orIgnore().execute();
      const profile = await repository.findOneOrFail({ where: { userId }, lock: { mode: 'pessimistic_write' } });
      const { emergencyContact, ...plain } = changes;
      for (const [key, value] of Object.entries(plain)) {
        if (value !== undefined) Object.assign(profile, { [key]: value });
      }
      if (emergencyContact !== undefined) {
        profile.emergencyContactName = emergencyContact?.name ?? null;
        profile.emergencyContactPhone = emergencyContact?.phone ?? null;
        profile.emergencyContactRelation = emergencyContact?.relation ?? null;
      }
      return repository.save(profile);
    });
  }
}
