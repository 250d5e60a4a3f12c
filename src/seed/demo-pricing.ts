import type { Property } from '../modules/catalog/property.entity';
import type { PricingRuleInput, PricingSettingsInput } from '../modules/pricing/pricing.service';

/** Demo prices: fees, tax and a weekly discount everywhere; weekends dearer; August high season with a minimum stay. */
const FEES: Record<string, { cleaning: number; extraGuest: number; lateCheckout: number }> = {
  EUR: { cleaning: 4_000, extraGuest: 1_500, lateCheckout: 2_500 }, // €40, €15, €25
  // ISO 4217 gives the rupiah two minor units (sen), though prices are written in whole rupiah.
  IDR: { cleaning: 70_000_000, extraGuest: 25_000_000, lateCheckout: 40_000_000 }, // Rp 700 000, Rp 250 000, Rp 400 000
};

export function settings(currency: string): PricingSettingsInput {
  const fees = FEES[currency] ?? FEES['EUR']!;
  return {
    cleaningFee: { amount: fees.cleaning, currency },
    extraGuestFee: { amount: fees.extraGuest, currency },
    lateCheckoutFee: { amount: fees.lateCheckout, currency },
    taxRatePercent: 10,
    lengthOfStayDiscounts: [{ minNights: 7, percent: 10 }],
  };
}

export function rules(property: Property): Omit<PricingRuleInput, 'propertyId'>[] {
  const year = new Date().getUTCFullYear() + 1;
  return [
    { name: 'Weekend', weekdays: [5, 6], percentChange: 20 },
    { name: 'High season', dates: { from: `${year}-08-01`, to: `${year}-09-01` }, percentChange: property.kind === 'HOTEL' ? 40 : 30 },
    { name: 'August minimum stay', dates: { from: `${year}-08-01`, to: `${year}-09-01` }, minNights: 3 },
  ];
}
