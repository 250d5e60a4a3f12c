import type { DataSource } from 'typeorm';
import { daysBetween } from '../../platform/calendar-dates';
import { type Translator, chooseLanguage, translatorFor } from '../../platform/i18n/translator';
import { money } from '../../platform/money';
import { propertyLanguage } from '../catalog/property-language';
import { Property } from '../catalog/property.entity';
import { Room } from '../catalog/room.entity';
import type { PriceDiscount, PriceFee } from '../pricing/pricing-engine';
import { GuestProfile } from '../profiles/guest-profile.entity';
import { HostProfile } from '../profiles/host-profile.entity';
import { Reservation } from '../reservations/reservation.entity';

/** A stay's records, before any of it is written in a language. */
export interface Stay {
  reservation: Reservation;
  property: Property;
  room: Room;
  host: HostProfile;
  /** The booking guest's GuestProfile.preferredLanguage (null: none, or no profile). */
  guestLanguage: string | null;
}

/** Everything emails and the PDF say about a stay, in one language and formatted for its locale. */
export interface StayView extends Stay {
  t: Translator;
  nights: number;
  checkIn: string;
  checkOut: string;
  checkInTime: string;
  checkOutTime: string;
  /** "2 June – 4 June (2 nights)" in the message's language. */
  dates: string;
  total: string;
  refund: string | null;
  /** The hold's end on the property's wall clock, with its zone (null once the hold is over). */
  holdUntil: string | null;
  lines: { date: string; label: string; amount: string }[];
  fees: { label: string; amount: string }[];
  discounts: { label: string; amount: string }[];
  taxes: string;
  /** Loyalty points that paid part of the total (already taken off `total`); null when none did. */
  points: { label: string; amount: string } | null;
  /** The policy's name ("moderate", "moderada") and its full text. */
  policyName: string;
  policy: string;
}

export async function loadStay(db: DataSource, reservationId: string): Promise<Stay> {
  const reservation = await db.getRepository(Reservation).findOneByOrFail({ id: reservationId });
  const property = await db.getRepository(Property).findOneByOrFail({ id: reservation.propertyId });
  const room = await db.getRepository(Room).findOneByOrFail({ id: reservation.roomId });
  const host = await db.getRepository(HostProfile).findOneByOrFail({ id: property.hostProfileId });
  const guest = await db.getRepository(GuestProfile).findOneBy({ userId: reservation.guestUserId });
  return { reservation, property, room, host, guestLanguage: guest?.preferredLanguage ?? null };
}

/**
 * The one rule for the language of a message to the guest (emails and documents): the guest's preferred
 * language, else the property's, else English; dates and money as people write them in the property's country.
 */
export const guestTranslator = (stay: Stay): Translator =>
  translatorFor(chooseLanguage(stay.guestLanguage, propertyLanguage(stay.property)), stay.property.country);

/** Host emails and the digest: the property's language. */
export const hostTranslator = (property: Pick<Property, 'language' | 'country'>): Translator =>
  translatorFor(propertyLanguage(property), property.country);

/** The snapshot stores English labels: fees and length-of-stay discounts are written again from what they are. */
function feeLabel(t: Translator, fee: PriceFee): string {
  if (fee.kind === 'EXTRA_GUESTS') {
    const match = /^(\d+) extra guests? × (\d+) nights?$/.exec(fee.label);
    return match ? t.t('price.fee.EXTRA_GUESTS', { guests: Number(match[1]), nights: Number(match[2]) }) : fee.label;
  }
  return fee.kind === 'CLEANING' || fee.kind === 'LATE_CHECKOUT' ? t.t(`price.fee.${fee.kind}`) : fee.label;
}

function discountLabel(t: Translator, discount: PriceDiscount): string {
  const percent = t.number((discount.percentBasisPoints ?? 0) / 100);
  if (discount.kind === 'LENGTH_OF_STAY') return t.t('price.discount.lengthOfStay', { minNights: discount.minNights ?? 0, percent });
  if (discount.kind === 'CODE') return t.t('price.discount.code', { code: discount.code ?? '' });
  if (discount.kind === 'REFERRAL') return t.t('price.discount.referral', { percent });
  // Snapshots from before discount kinds: the two lines that existed then, read back from their English label.
  const lengthOfStay = /^(\d+)\+ nights −([\d.]+) %$/.exec(discount.label);
  if (lengthOfStay) return t.t('price.discount.lengthOfStay', { minNights: Number(lengthOfStay[1]), percent: t.number(Number(lengthOfStay[2])) });
  const code = /^Code (\S+)$/.exec(discount.label);
  return code ? t.t('price.discount.code', { code: code[1]! }) : discount.label;
}

export function stayView(stay: Stay, t: Translator): StayView {
  const { reservation, property } = stay;
  const amount = (value: number) => t.money(money(value, reservation.currency));
  const snapshot = reservation.priceSnapshot;
  const nights = daysBetween(reservation.checkIn, reservation.checkOut);
  const checkIn = t.date(reservation.checkIn);
  const checkOut = t.date(reservation.checkOut);
  return {
    ...stay,
    t,
    nights,
    checkIn,
    checkOut,
    checkInTime: t.time(property.checkInTime),
    checkOutTime: t.time(property.checkOutTime),
    dates: t.t('stay.dates', { checkIn, checkOut, nights: t.t('stay.nights', { count: nights }) }),
    total: amount(reservation.totalAmount),
    refund: reservation.refundAmount === null ? null : amount(reservation.refundAmount),
    holdUntil: reservation.holdExpiresAt ? t.instant(reservation.holdExpiresAt, property.timeZone) : null,
    // Price rule names are the host's own words: printed as written.
    lines: snapshot.nights.map((night) => ({ date: t.date(night.date), label: night.ruleName ?? t.t('price.nightlyRate'), amount: amount(night.amount) })),
    fees: snapshot.fees.map((fee) => ({ label: feeLabel(t, fee), amount: amount(fee.amount) })),
    discounts: snapshot.discounts.map((discount) => ({ label: discountLabel(t, discount), amount: `−${amount(discount.amount)}` })),
    taxes: amount(reservation.taxesAmount),
    points:
      reservation.pointsRedeemed > 0
        ? { label: t.t('price.points', { points: reservation.pointsRedeemed }), amount: `−${amount(reservation.pointsAmount)}` }
        : null,
    policyName: t.t(`policy.${reservation.cancellationPolicy}.name`),
    policy: t.t(`policy.${reservation.cancellationPolicy}.text`),
  };
}

