import type { DataSource } from 'typeorm';
import { daysBetween } from '../../platform/calendar-dates';
import { money } from '../../platform/money';
import { Property } from '../catalog/property.entity';
import { Room } from '../catalog/room.entity';
import { HostProfile } from '../profiles/host-profile.entity';
import { Reservation } from '../reservations/reservation.entity';
import { formatAmount, formatDate, localeOf } from './locale';

/** Everything emails and the PDF say about a stay, formatted for the property's locale. */
export interface StayView {
  reservation: Reservation;
  property: Property;
  room: Room;
  host: HostProfile;
  locale: string;
  nights: number;
  checkIn: string;
  checkOut: string;
  checkInTime: string;
  checkOutTime: string;
  total: string;
  refund: string | null;
  lines: { date: string; label: string; amount: string }[];
  fees: { label: string; amount: string }[];
  discounts: { label: string; amount: string }[];
  taxes: string;
  policy: string;
}

const POLICY_TEXT = {
  FLEXIBLE: 'Flexible: full refund until 48 hours before check-in; after that the first night is kept.',
  MODERATE: 'Moderate: full refund until 5 days before check-in; after that 50 % is refunded.',
  STRICT: 'Strict: 50 % refund until 7 days before check-in; after that no refund.',
} as const;

export async function loadStayView(db: DataSource, reservationId: string): Promise<StayView> {
  const reservation = await db.getRepository(Reservation).findOneByOrFail({ id: reservationId });
  const property = await db.getRepository(Property).findOneByOrFail({ id: reservation.propertyId });
  const room = await db.getRepository(Room).findOneByOrFail({ id: reservation.roomId });
  const host = await db.getRepository(HostProfile).findOneByOrFail({ id: property.hostProfileId });
  const locale = localeOf(property.country);
  const amount = (value: number) => formatAmount(money(value, reservation.currency), locale);
  const snapshot = reservation.priceSnapshot;
  return {
    reservation,
    property,
    room,
    host,
    locale,
    nights: daysBetween(reservation.checkIn, reservation.checkOut),
    checkIn: formatDate(reservation.checkIn, locale),
    checkOut: formatDate(reservation.checkOut, locale),
    checkInTime: property.checkInTime.slice(0, 5),
    checkOutTime: property.checkOutTime.slice(0, 5),
    total: amount(reservation.totalAmount),
    refund: reservation.refundAmount === null ? null : amount(reservation.refundAmount),
    lines: snapshot.nights.map((night) => ({ date: formatDate(night.date, locale), label: night.ruleName ?? 'Nightly rate', amount: amount(night.amount) })),
    fees: snapshot.fees.map((fee) => ({ label: fee.label, amount: amount(fee.amount) })),
    discounts: snapshot.discounts.map((discount) => ({ label: discount.label, amount: `−${amount(discount.amount)}` })),
    taxes: amount(reservation.taxesAmount),
    policy: POLICY_TEXT[reservation.cancellationPolicy],
  };
}
