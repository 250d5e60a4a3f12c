import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Timestamps } from '../../db/timestamps';
import { bigintAsNumber, numericAsNumber } from '../../db/column-transformers';

export type PropertyKind = 'HOUSE' | 'HOTEL' | 'HOMESTAY' | 'RESORT' | 'APARTMENT';
export type CancellationPolicy = 'FLEXIBLE' | 'MODERATE' | 'STRICT';
export type PaymentCollection = 'ONLINE' | 'AT_PROPERTY';

export interface Photo {
  url: string;
  altText: string;
  position: number;
}


@Entity('properties')
export class Property extends Timestamps {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  hostProfileId: string;

  @Column('text')
  kind: PropertyKind;

  @Column('text')
  name: string;

  @Column('text')
  slug: string;

  @Column('text')
  description: string;

  @Column('text')
  addressLine1: string;

  @Column('text', { nullable: true })
  addressLine2: string | null;

  @Column('text')
  city: string;

  @Column('text', { nullable: true })
  region: string | null;

  /** ISO 3166 alpha-2. */
  @Column('char', { length: 2 })
  country: string;

  @Column('text', { nullable: true })
  postalCode: string | null;

  @Column('double precision', { nullable: true })
  latitude: number | null;

  @Column('double precision', { nullable: true })
  longitude: number | null;

  /** The language the host chose for its emails and guests' documents (null: its country's; see property-language.ts). */
  @Column('text', { nullable: true })
  language: string | null;

  /** IANA zone: stay dates and check-in/out times are local to it. */
  @Column('text')
  timeZone: string;

  /** `HH:MM:SS` as PostgreSQL returns a time. */
  @Column('time')
  checkInTime: string;

  @Column('time')
  checkOutTime: string;

  @Column('text')
  houseRules: string;

  @Column('text', { array: true })
  amenities: string[];

  @Column('jsonb')
  photos: Photo[];

  /** ISO 4217: every price of the property and its rooms is in this currency. */
  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  cancellationPolicy: CancellationPolicy;

  /** How stays are paid: online while the dates are held, or at the property (the host confirms). */
  @Column('text')
  paymentCollection: PaymentCollection;

  /** Movable stays may change room until this many days before check-in (0: until the check-in day). */
  @Column('integer')
  reassignmentCutoffDays: number;

  @Column('numeric', { precision: 3, scale: 2, nullable: true, transformer: numericAsNumber })
  rating: number | null;

  @Column('integer')
  reviewCount: number;

  /** Per extra guest (above a room's includedGuests) and night, minor units. */
  @Column('bigint', { transformer: bigintAsNumber })
  extraGuestFeeAmount: number;

  /** Once per stay. */
  @Column('bigint', { transformer: bigintAsNumber })
  cleaningFeeAmount: number;

  /** Null: late check-out is not offered. */
  @Column('bigint', { nullable: true, transformer: bigintAsNumber })
  lateCheckoutFeeAmount: number | null;

  /** 1000 = 10 %. */
  @Column('integer')
  taxRateBasisPoints: number;

  /** Nights limits where no date-range rule sets them. */
  @Column('integer')
  minNights: number;

  @Column('integer')
  maxNights: number;

  /** How far ahead a stay may be booked: its check-out at most this many days after today (property's zone). */
  @Column('integer')
  bookingWindowDays: number;

  @Column('boolean')
  active: boolean;
}
