import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import { z } from 'zod';
import { type Connection, type PageArgs, paginateByCreation } from '../../db/pagination';
import type { Clock } from '../../platform/clock';
import { conflict, forbidden, notFound } from '../../platform/errors';
import { comparableName } from '../../platform/person-names';
import type { RateLimiter } from '../../platform/rate-limit/rate-limiter';
import { fields, type GraphQLInput, parseInput } from '../../platform/validation';
import type { User } from '../accounts/user.entity';
import type { CatalogAccess } from '../catalog/catalog-access';
import { Reservation } from '../reservations/reservation.entity';
import { Review } from './review.entity';

const stars = z.number().int().min(1, 'ratings go from 1 to 5').max(5, 'ratings go from 1 to 5');
const content = {
  rating: stars,
  title: z.string().trim().min(1, 'must not be empty').max(200),
  text: z.string().trim().max(4000, 'must be at most 4000 characters'),
  cleanliness: stars.nullish(),
  location: stars.nullish(),
  value: stars.nullish(),
};
const reviewSchema = z.object({ reservationId: z.string(), ...content });
const opinionSchema = z.object({ propertyId: z.string(), fullName: fields.personName, ...content });

export type CreateReview = GraphQLInput<z.input<typeof reviewSchema>>;
export type Opinion = GraphQLInput<z.input<typeof opinionSchema>>;

/** Anonymous opinions: a few per address and hour (they are moderated, but spam still costs admins time). */
const OPINION_LIMIT = { max: 5, windowSeconds: 3600 };

/** Reviews and anonymous opinions; the property's rating and its host's figures follow in the same transaction. */
export class ReviewsService {
  constructor(
    private readonly db: DataSource,
    private readonly access: CatalogAccess,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
  ) {}

  /** The guest of a COMPLETED stay reviews it, once. */
  async create(viewer: User, input: CreateReview): Promise<Review> {
    const review = parseInput(reviewSchema, input);
    return this.db.transaction(async (manager) => {
      const reservation = await manager.findOne(Reservation, { where: { id: review.reservationId }, lock: { mode: 'pessimistic_write' } });
      if (!reservation) throw notFound('Reservation');
      if (reservation.guestUserId !== viewer.id) throw forbidden('Only the guest of this stay can review it');
      if (reservation.status !== 'COMPLETED') throw conflict(`Reservation ${reservation.code} is ${reservation.status}: only completed stays can be reviewed`);
      if (await manager.existsBy(Review, { reservationId: reservation.id })) throw conflict('This stay has been reviewed already');
      const saved = await manager.save(
        manager.create(Review, {
          ...this.content(review),
          propertyId: reservation.propertyId,
          reservationId: reservation.id,
          authorUserId: viewer.id,
          authorName: viewer.fullName,
          verified: true,
          visible: true,
        }),
      );
      await this.refreshRatings(manager, reservation.propertyId);
      return saved;
    });
  }

  /**
   * The rule of the original house-rental system: an opinion without an account counts only when the name
   * is that of a past visitor of this property. The caller gets the same answer either way (a stranger must
   * not learn who stayed where); the admin who moderates sees whether the name matched.
   */
  async submitOpinion(viewer: User | null, input: Opinion, ip: string): Promise<Review> {
    await this.limiter.hit(`opinion:ip:${ip}`, OPINION_LIMIT);
    const opinion = parseInput(opinionSchema, input);
    if ((await this.access.ownerUserId(opinion.propertyId)) === null) throw notFound('Property');
    return this.db.getRepository(Review).save(
      this.db.getRepository(Review).create({
        ...this.content(opinion),
        propertyId: opinion.propertyId,
        reservationId: null,
        authorUserId: viewer?.id ?? null,
        authorName: opinion.fullName,
        verified: false,
        visible: false,
        nameMatchesVisitor: await this.isPastVisitorName(opinion.propertyId, opinion.fullName),
      }),
    );
  }

  /**
   * Names are compared in Node (ignoring case, accents and spaces) rather than in SQL, which would need the
   * unaccent extension; the candidates are one property's past visitors, and opinions are rate-limited.
   */
  private async isPastVisitorName(propertyId: string, fullName: string): Promise<boolean> {
    const visitors = await this.db.query<{ full_name: string }[]>(
      `SELECT DISTINCT u.full_name FROM users u
         JOIN customer_stats s ON s.user_id = u.id AND s.total_visits > 0
        WHERE EXISTS (SELECT 1 FROM reservations r WHERE r.guest_user_id = u.id AND r.property_id = $1 AND r.status = 'COMPLETED')`,
      [propertyId],
    );
    const wanted = comparableName(fullName);
    return visitors.some((visitor) => comparableName(visitor.full_name) === wanted);
  }

  /** The property's host replies once. */
  async reply(viewer: User, id: string, text: string): Promise<Review> {
    const reply = parseInput(content.text.pipe(z.string().min(1, 'must not be empty')), text);
    return this.db.transaction(async (manager) => {
      const review = await manager.findOne(Review, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!review) throw notFound('Review');
      const owner = await this.access.ownerUserId(review.propertyId, manager);
      if (owner !== viewer.id) throw forbidden('Only the host of this property can reply');
      if (review.hostReply !== null) throw conflict('This review has a reply already');
      review.hostReply = reply;
      review.hostRepliedAt = this.clock.now();
      return manager.save(review);
    });
  }

  /** Admins hide abusive reviews and approve (or hide) opinions. */
  async moderate(id: string, visible: boolean): Promise<Review> {
    return this.db.transaction(async (manager) => {
      const review = await manager.findOne(Review, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!review) throw notFound('Review');
      review.visible = visible;
      review.moderatedAt = this.clock.now();
      await manager.save(review);
      await this.refreshRatings(manager, review.propertyId);
      return review;
    });
  }

  forProperty(propertyId: string, page: PageArgs): Promise<Connection<Review>> {
    const query = this.db.getRepository(Review).createQueryBuilder('review').where('review.propertyId = :propertyId AND review.visible', { propertyId });
    return paginateByCreation(query, page);
  }

  awaitingModeration(): Promise<Review[]> {
    return this.db.getRepository(Review).find({ where: { visible: false, moderatedAt: IsNull(), verified: false }, order: { createdAt: 'ASC' }, take: 200 });
  }

  private content(review: z.output<typeof reviewSchema> | z.output<typeof opinionSchema>) {
    return {
      rating: review.rating,
      title: review.title,
      body: review.text,
      cleanliness: review.cleanliness ?? null,
      location: review.location ?? null,
      value: review.value ?? null,
    };
  }

  /** The property's average and count, and its host's, from visible reviews. */
  private async refreshRatings(manager: EntityManager, propertyId: string): Promise<void> {
    await manager.query(
      `UPDATE properties p SET rating = stats.average, review_count = stats.count
         FROM (SELECT round(avg(rating)::numeric, 2) AS average, count(*)::int AS count FROM reviews WHERE property_id = $1 AND visible) stats
        WHERE p.id = $1`,
      [propertyId],
    );
    await manager.query(
      `UPDATE host_profiles h SET avg_rating = stats.average, total_reviews = stats.count
         FROM (SELECT round(avg(r.rating)::numeric, 2) AS average, count(*)::int AS count
                 FROM reviews r JOIN properties p ON p.id = r.property_id
                WHERE r.visible AND p.host_profile_id = (SELECT host_profile_id FROM properties WHERE id = $1)) stats
        WHERE h.id = (SELECT host_profile_id FROM properties WHERE id = $1)`,
      [propertyId],
    );
  }
}
