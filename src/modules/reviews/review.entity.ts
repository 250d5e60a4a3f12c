import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A guest's review of a completed stay (verified, shown at once), or an anonymous opinion (unverified,
 * shown only after an admin approves it).
 */
@Entity('reviews')
export class Review {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  propertyId: string;

  @Column('uuid', { nullable: true })
  reservationId: string | null;

  @Column('uuid', { nullable: true })
  authorUserId: string | null;

  @Column('text')
  authorName: string;

  @Column('smallint')
  rating: number;

  @Column('text')
  title: string;

  @Column('text')
  body: string;

  @Column('smallint', { nullable: true })
  cleanliness: number | null;

  @Column('smallint', { nullable: true })
  location: number | null;

  @Column('smallint', { nullable: true })
  value: number | null;

  @Column('boolean')
  verified: boolean;

  @Column('boolean')
  visible: boolean;

  /** Anonymous opinions only (null for verified reviews): whether the name given is a past visitor's. */
  @Column('boolean', { nullable: true })
  nameMatchesVisitor: boolean | null;

  @Column('text', { nullable: true })
  hostReply: string | null;

  @Column('timestamptz', { nullable: true })
  hostRepliedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  moderatedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
