import { bigintAsNumber } from '../../db/column-transformers';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamps } from '../../db/timestamps';
import type { CancellationPolicy } from '../catalog/property.entity';
import type { NightLine, PriceDiscount, PriceFee } from '../pricing/pricing-engine';

export type ReservationStatus = 'PENDING' | 'CONFIRMED' | 'CANCELLED' | 'REJECTED' | 'EXPIRED' | 'COMPLETED' | 'NO_SHOW';

/** The quote as it was when booking: what the guest agreed to pay, kept unchanged. */
export interface PriceSnapshot {
  nights: NightLine[];
  fees: PriceFee[];
  discounts: PriceDiscount[];
  taxRateBasisPoints: number;
  /** Added to the total so the card processor can charge it exactly (see PriceBreakdown); absent on old rows. */
  rounding?: number;
}

@Entity('reservations')
export class Reservation extends Timestamps {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  code: string;

  @Column('uuid')
  propertyId: string;

  @Column('uuid')
  roomId: string;

  @Column('uuid')
  guestUserId: string;

  @Column('text')
  status: ReservationStatus;

  @Column('date')
  checkIn: string;

  @Column('date')
  checkOut: string;

  @Column('integer')
  guests: number;

  @Column('text')
  guestName: string;

  @Column('text')
  guestEmail: string;

  @Column('text', { nullable: true })
  guestPhone: string | null;

  @Column('text', { nullable: true })
  specialRequests: string | null;

  @Column('boolean')
  lateCheckout: boolean;

  @Column('char', { length: 3 })
  currency: string;

  @Column('bigint', { transformer: bigintAsNumber })
  subtotalAmount: number;

  @Column('bigint', { transformer: bigintAsNumber })
  feesAmount: number;

  @Column('bigint', { transformer: bigintAsNumber })
  discountAmount: number;

  @Column('bigint', { transformer: bigintAsNumber })
  taxesAmount: number;

  @Column('bigint', { transformer: bigintAsNumber })
  totalAmount: number;

  @Column('jsonb')
  priceSnapshot: PriceSnapshot;

  /** The property's policy when booking: later changes do not apply to this stay. */
  @Column('text')
  cancellationPolicy: CancellationPolicy;

  @Column('timestamptz', { nullable: true })
  holdExpiresAt: Date | null;

  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  refundAmount: number | null;

  /** The discount code used (upper case), and what it took off; its use row is in discount_code_uses. */
  @Column('text', { nullable: true })
  discountCode: string | null;

  @Column('bigint', { transformer: bigintAsNumber })
  discountCodeAmount: number;

  /** A referred guest's first booking: the referrer (who earns points when the stay completes) and the discount. */
  @Column('uuid', { nullable: true })
  referrerUserId: string | null;

  @Column('bigint', { transformer: bigintAsNumber })
  referralDiscountAmount: number;

  /** Loyalty points redeemed (a REDEEMED ledger entry) and the money they stand for: totalAmount is after them. */
  @Column('bigint', { transformer: bigintAsNumber })
  pointsRedeemed: number;

  @Column('bigint', { transformer: bigintAsNumber })
  pointsAmount: number;

  /** Starting checkout extends the hold once, so a guest who is paying is not expired mid-payment. */
  @Column('boolean')
  holdExtended: boolean;

  /** Booked by room type (or marked so by the host): may move between rooms of the type until the cut-off. */
  @Column('boolean')
  movable: boolean;

  /** How often the stay changed room (its document shows the room). */
  @Column('integer')
  roomMoves: number;
}
