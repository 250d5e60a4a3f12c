import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamps } from '../../db/timestamps';
import { numericAsNumber } from '../../db/column-transformers';

export type KycStatus = 'PENDING' | 'VERIFIED' | 'REJECTED';
export type KycDocumentType = 'PASSPORT' | 'NATIONAL_ID' | 'DRIVING_LICENCE' | 'BUSINESS_REGISTRATION';
export type PayoutMethod = 'BANK_TRANSFER' | 'STRIPE_CONNECT' | 'PAYPAL';


@Entity('host_profiles')
export class HostProfile extends Timestamps {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  userId: string;

  @Column('text')
  businessName: string;

  /** Public storefront address: /hosts/<slug>. */
  @Column('text')
  slug: string;

  @Column('text')
  contactEmail: string;

  @Column('text', { nullable: true })
  contactPhone: string | null;

  @Column('text')
  kycStatus: KycStatus;

  @Column('text', { nullable: true })
  kycDocumentType: KycDocumentType | null;

  @Column('text', { nullable: true })
  kycNote: string | null;

  @Column('timestamptz', { nullable: true })
  kycReviewedAt: Date | null;

  @Column('text', { nullable: true })
  payoutMethod: PayoutMethod | null;

  @Column('numeric', { precision: 3, scale: 2, nullable: true, transformer: numericAsNumber })
  avgRating: number | null;

  @Column('integer')
  totalReviews: number;

  /** Emails the host gets at contactEmail (HostNotificationSettings). */
  @Column('boolean')
  notifyNewBooking: boolean;

  @Column('boolean')
  notifyCancellation: boolean;

  @Column('boolean')
  notifyPaymentFailed: boolean;

  @Column('boolean')
  notifyArrivalsDigest: boolean;
}
