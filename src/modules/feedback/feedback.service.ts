import { type DataSource, In } from 'typeorm';
import { z } from 'zod';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import type { RateLimiter } from '../../platform/rate-limit/rate-limiter';
import { fields, type GraphQLInput, parseInput } from '../../platform/validation';
import type { User } from '../accounts/user.entity';
import type { CatalogAccess } from '../catalog/catalog-access';
import { Property } from '../catalog/property.entity';
import { Suggestion } from './suggestion.entity';
import { WishlistItem } from './wishlist-item.entity';

const suggestionSchema = z.object({
  name: fields.personName,
  email: fields.email.nullish(),
  text: z.string().trim().min(1, 'must not be empty').max(4000, 'must be at most 4000 characters'),
});

export type SuggestionInput = GraphQLInput<z.input<typeof suggestionSchema>>;

const SUGGESTION_LIMIT = { max: 5, windowSeconds: 3600 };

/** Suggestions from anyone, and guests' wishlists. */
export class FeedbackService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
  ) {}

  async suggest(viewer: User | null, input: SuggestionInput, ip: string): Promise<Suggestion> {
    await this.limiter.hit(viewer ? `suggestion:user:${viewer.id}` : `suggestion:ip:${ip}`, SUGGESTION_LIMIT);
    const suggestion = parseInput(suggestionSchema, input);
    const repository = this.db.getRepository(Suggestion);
    return repository.save(
      repository.create({ userId: viewer?.id ?? null, name: suggestion.name, email: suggestion.email ?? null, body: suggestion.text, handled: false }),
    );
  }

  suggestions(handled: boolean | null | undefined): Promise<Suggestion[]> {
    return this.db.getRepository(Suggestion).find({ where: handled == null ? {} : { handled }, order: { createdAt: 'DESC' }, take: 500 });
  }

  async markHandled(id: string, handled: boolean): Promise<Suggestion> {
    const repository = this.db.getRepository(Suggestion);
    const suggestion = await repository.findOneBy({ id });
    if (!suggestion) throw notFound('Suggestion');
    suggestion.handled = handled;
    suggestion.handledAt = handled ? this.clock.now() : null;
    return repository.save(suggestion);
  }

  /** Public properties the user saved, most recent first. */
  async wishlist(viewer: User): Promise<Property[]> {
    const items = await this.db.getRepository(WishlistItem).find({ where: { userId: viewer.id }, order: { createdAt: 'DESC' } });
    const properties = await this.publicProperties(items.map((item) => item.propertyId));
    const byId = new Map(properties.map((property) => [property.id, property]));
    return items.map((item) => byId.get(item.propertyId)).filter((property): property is Property => property !== undefined);
  }

  async add(viewer: User, propertyId: string): Promise<Property[]> {
    if ((await this.publicProperties([propertyId])).length === 0) throw notFound('Property');
    await this.db.createQueryBuilder().insert().into(WishlistItem).values({ userId: viewer.id, propertyId }).orIgnore().execute();
    return this.wishlist(viewer);
  }

  private publicProperties(ids: string[]): Promise<Property[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .getRepository(Property)
      .createQueryBuilder('property')
      .where({ id: In(ids) })
      .andWhere(this.access.publicPropertySql('property'))
      .getMany();
  }

  async remove(viewer: User, propertyId: string): Promise<Property[]> {
    await this.db.getRepository(WishlistItem).delete({ userId: viewer.id, propertyId });
    return this.wishlist(viewer);
  }
}
