import { averageNightly, nightsLimits, priceNight, priceStay, type PricingProperty, type PricingRoom } from '../src/modules/pricing/pricing-engine';
import type { PricingRule } from '../src/modules/pricing/pricing-rule.entity';
import { divideRoundHalfUp, percentOf } from '../src/modules/pricing/rounding';

const property: PricingProperty = {
  currency: 'EUR', extraGuestFeeAmount: 0, cleaningFeeAmount: 0, lateCheckoutFeeAmount: null, taxRateBasisPoints: 0, minNights: 1, maxNights: 30,
};
const room: PricingRoom = { id: 'room-1', roomTypeCode: 'DOUBLE', basePriceAmount: 10_000, includedGuests: 2 };

let serial = 0;
function rule(overrides: Partial<PricingRule>): PricingRule {
  serial += 1;
  return {
    id: `rule-${String(serial).padStart(3, '0')}`, propertyId: 'p', roomTypeCode: null, roomId: null, name: `rule ${serial}`,
    startsOn: null, endsOn: null, weekdays: null, nightlyAmount: null, percentBasisPoints: null, minNights: null, maxNights: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, serial)),
    ...overrides,
  };
}

// 2027-08-06 is a Friday.
describe('the pricing engine', () => {
  it('uses the base price when no rule covers the night', () => {
    expect(priceNight(room, [], '2027-08-04')).toEqual({ date: '2027-08-04', amount: 10_000, ruleId: null, ruleName: null });
  });

  it('applies absolute and percentage rates, rounding half up', () => {
    const season = rule({ startsOn: '2027-08-01', endsOn: '2027-09-01', percentBasisPoints: 1_250 }); // +12.5 %
    expect(priceNight({ ...room, basePriceAmount: 9_999 }, [season], '2027-08-04').amount).toBe(11_249); // 11 248.875
    const discount = rule({ startsOn: '2027-08-01', endsOn: '2027-09-01', percentBasisPoints: -1_500 });
    expect(priceNight({ ...room, basePriceAmount: 1_005 }, [discount], '2027-08-04').amount).toBe(854); // 854.25
    const fixed = rule({ startsOn: '2027-08-01', endsOn: '2027-09-01', nightlyAmount: 17_500 });
    expect(priceNight(room, [fixed], '2027-08-31').amount).toBe(17_500);
    expect(priceNight(room, [fixed], '2027-09-01').amount).toBe(10_000); // half-open range
  });

  it('picks the most specific rule: room > room type > property', () => {
    const forProperty = rule({ startsOn: '2027-08-01', endsOn: '2027-09-01', nightlyAmount: 1 });
    const forType = rule({ startsOn: '2027-08-01', endsOn: '2027-09-01', nightlyAmount: 2, roomTypeCode: 'DOUBLE' });
    const forRoom = rule({ startsOn: '2027-08-01', endsOn: '2027-09-01', nightlyAmount: 3, roomId: 'room-1' });
    const otherType = rule({ startsOn: '2027-08-01', endsOn: '2027-09-01', nightlyAmount: 4, roomTypeCode: 'SUITE' });
    expect(priceNight(room, [forRoom, forType, forProperty, otherType], '2027-08-04').amount).toBe(3);
    expect(priceNight(room, [forType, forProperty, otherType], '2027-08-04').amount).toBe(2);
    expect(priceNight(room, [forProperty, otherType], '2027-08-04').amount).toBe(1);
  });

  it('then: weekdays within dates > dates > weekdays; then the shorter range; then the newest', () => {
    const weekend = rule({ weekdays: [5, 6], nightlyAmount: 100 });
    const august = rule({ startsOn: '2027-08-01', endsOn: '2027-09-01', nightlyAmount: 200 });
    const augustWeekend = rule({ startsOn: '2027-08-01', endsOn: '2027-09-01', weekdays: [5, 6], nightlyAmount: 300 });
    const festival = rule({ startsOn: '2027-08-05', endsOn: '2027-08-08', nightlyAmount: 400 });
    expect(priceNight(room, [weekend], '2027-08-06').amount).toBe(100);
    expect(priceNight(room, [weekend, august], '2027-08-06').amount).toBe(200);
    expect(priceNight(room, [weekend, august, augustWeekend], '2027-08-06').amount).toBe(300);
    expect(priceNight(room, [weekend, august], '2027-08-04').amount).toBe(200); // a Wednesday
    expect(priceNight(room, [august, festival], '2027-08-06').amount).toBe(400);
    const older = rule({ startsOn: '2027-08-01', endsOn: '2027-09-01', nightlyAmount: 500 });
    const newer = rule({ startsOn: '2027-08-01', endsOn: '2027-09-01', nightlyAmount: 600 });
    expect(priceNight(room, [newer, older], '2027-08-04').amount).toBe(600);
  });

  it('ignores rules that only limit nights when pricing, and uses them for limits', () => {
    const augustMin = rule({ startsOn: '2027-08-01', endsOn: '2027-09-01', minNights: 3 });
    expect(priceNight(room, [augustMin], '2027-08-04').amount).toBe(10_000);
    expect(nightsLimits(property, room, [augustMin], '2027-08-04')).toMatchObject({ minNights: 3, maxNights: 30 });
    expect(nightsLimits(property, room, [augustMin], '2027-07-31')).toMatchObject({ minNights: 1, maxNights: 30 });
  });

  it('prices a whole stay: nights, extra guests, cleaning, late check-out, length-of-stay discount and tax', () => {
    const stayProperty = { ...property, extraGuestFeeAmount: 1_500, cleaningFeeAmount: 4_000, lateCheckoutFeeAmount: 2_500, taxRateBasisPoints: 1_000 };
    const weekend = rule({ weekdays: [5, 6], percentBasisPoints: 2_000 });
    const discounts = [{ propertyId: 'p', minNights: 7, percentBasisPoints: 1_000 }, { propertyId: 'p', minNights: 3, percentBasisPoints: 500 }];
    const price = priceStay(stayProperty, room, [weekend], discounts, { checkIn: '2027-08-02', checkOut: '2027-08-09', guests: 3, lateCheckout: true });
    // Mon–Sun: 5 × 10 000 + Fri, Sat × 12 000
    expect(price.nights.map((n) => n.amount)).toEqual([10_000, 10_000, 10_000, 10_000, 12_000, 12_000, 10_000]);
    expect(price.subtotal).toBe(74_000);
    expect(price.fees).toEqual([
      { kind: 'EXTRA_GUESTS', label: '1 extra guest × 7 nights', amount: 10_500 },
      { kind: 'CLEANING', label: 'Cleaning', amount: 4_000 },
      { kind: 'LATE_CHECKOUT', label: 'Late check-out', amount: 2_500 },
    ]);
    expect(price.discounts).toEqual([{ kind: 'LENGTH_OF_STAY', label: '7+ nights −10 %', amount: 7_400, minNights: 7, percentBasisPoints: 1_000 }]);
    expect(price.taxes).toBe(8_360); // 10 % of (74 000 − 7 400 + 17 000)
    expect(price.total).toBe(74_000 - 7_400 + 17_000 + 8_360);
  });

  it('rounds every division half up', () => {
    expect(divideRoundHalfUp(5, 2)).toBe(3);
    expect(divideRoundHalfUp(7, 2)).toBe(4);
    expect(divideRoundHalfUp(4, 3)).toBe(1);
    expect(percentOf(1_005, 1_000)).toBe(101);
    expect(percentOf(1_004, 1_000)).toBe(100);
    expect(averageNightly([{ date: 'a', amount: 100, ruleId: null, ruleName: null }, { date: 'b', amount: 101, ruleId: null, ruleName: null }])).toBe(101);
  });
});
