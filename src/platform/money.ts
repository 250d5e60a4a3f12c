/** Money is an integer amount of minor units plus an ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

export const money = (amount: number, currency: string): Money => ({ amount, currency });

/**
 * The largest amount accepted for any price or fee (a nightly base price, a rule's nightly price, a
 * per-night extra-guest fee, a cleaning or late check-out fee), in minor units. With the other bounds of
 * the model — at most 365 nights, a rule at most +1000 % of the base price, at most 49 extra guests, a tax
 * of at most 100 % — the dearest possible stay is
 *   (365 × (11 + 49) + 2) × MAX_PRICE_AMOUNT × 2 = 43 804 × 10^11 ≈ 4.4 × 10^15,
 * about half of Number.MAX_SAFE_INTEGER (2^53 − 1 ≈ 9.0 × 10^15): every total, refund and sum of a few
 * stays is an exact JavaScript integer, a PostgreSQL bigint and a GraphQL SafeInt.
 * 10^11 minor units is a billion euros, or a billion rupiah (about €55 000) for one night.
 */
export const MAX_PRICE_AMOUNT = 100_000_000_000;

/**
 * ISO 4217 minor-unit digits of every active currency (list one, funds included; precious metals and
 * other codes without a minor unit are left out). This, not ICU, is the meaning of an amount: ICU (CLDR)
 * gives the digits people usually display, which differ for IDR, HUF, ISK's neighbours and others.
 */
const ISO_4217_DIGITS: Readonly<Record<string, number>> = {
  AED: 2, AFN: 2, ALL: 2, AMD: 2, ANG: 2, AOA: 2, ARS: 2, AUD: 2, AWG: 2, AZN: 2,
  BAM: 2, BBD: 2, BDT: 2, BGN: 2, BHD: 3, BIF: 0, BMD: 2, BND: 2, BOB: 2, BOV: 2,
  BRL: 2, BSD: 2, BTN: 2, BWP: 2, BYN: 2, BZD: 2, CAD: 2, CDF: 2, CHE: 2, CHF: 2,
  CHW: 2, CLF: 4, CLP: 0, CNY: 2, COP: 2, COU: 2, CRC: 2, CUC: 2, CUP: 2, CVE: 2,
  CZK: 2, DJF: 0, DKK: 2, DOP: 2, DZD: 2, EGP: 2, ERN: 2, ETB: 2, EUR: 2, FJD: 2,
  FKP: 2, GBP: 2, GEL: 2, GHS: 2, GIP: 2, GMD: 2, GNF: 0, GTQ: 2, GYD: 2, HKD: 2,
  HNL: 2, HTG: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, IQD: 3, IRR: 2, ISK: 0, JMD: 2,
  JOD: 3, JPY: 0, KES: 2, KGS: 2, KHR: 2, KMF: 0, KPW: 2, KRW: 0, KWD: 3, KYD: 2,
  KZT: 2, LAK: 2, LBP: 2, LKR: 2, LRD: 2, LSL: 2, LYD: 3, MAD: 2, MDL: 2, MGA: 2,
  MKD: 2, MMK: 2, MNT: 2, MOP: 2, MRU: 2, MUR: 2, MVR: 2, MWK: 2, MXN: 2, MXV: 2,
  MYR: 2, MZN: 2, NAD: 2, NGN: 2, NIO: 2, NOK: 2, NPR: 2, NZD: 2, OMR: 3, PAB: 2,
  PEN: 2, PGK: 2, PHP: 2, PKR: 2, PLN: 2, PYG: 0, QAR: 2, RON: 2, RSD: 2, RUB: 2,
  RWF: 0, SAR: 2, SBD: 2, SCR: 2, SDG: 2, SEK: 2, SGD: 2, SHP: 2, SLE: 2, SOS: 2,
  SRD: 2, SSP: 2, STN: 2, SVC: 2, SYP: 2, SZL: 2, THB: 2, TJS: 2, TMT: 2, TND: 3,
  TOP: 2, TRY: 2, TTD: 2, TWD: 2, TZS: 2, UAH: 2, UGX: 0, USD: 2, USN: 2, UYI: 0,
  UYU: 2, UYW: 4, UZS: 2, VED: 2, VES: 2, VND: 0, VUV: 0, WST: 2, XAF: 0, XCD: 2,
  XCG: 2, XOF: 0, XPF: 0, YER: 2, ZAR: 2, ZMW: 2, ZWG: 2,
};

export const isCurrencyCode = (code: string): boolean => Object.hasOwn(ISO_4217_DIGITS, code);

/** ISO 4217 minor-unit digits: 2 for EUR and IDR, 0 for JPY, 3 for KWD. Unknown codes are a bug upstream. */
export function minorUnitDigits(currency: string): number {
  const digits = ISO_4217_DIGITS[currency];
  if (digits === undefined) throw new Error(`unknown ISO 4217 currency ${currency}`);
  return digits;
}

/** The amount as a plain decimal string of major units ("1234.50"), exact whatever its size. */
export function toDecimalString({ amount, currency }: Money): string {
  const digits = minorUnitDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const units = Math.abs(amount).toString().padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${units}` : `${sign}${units.slice(0, -digits)}.${units.slice(-digits)}`;
}

/**
 * A decimal string of major units ("1.10", "150", "0.300") as minor units of `currency`, exactly; null when
 * the text is not a plain non-negative decimal or has more digits than the currency's minor unit.
 */
export function parseMajorUnits(text: string, currency: string): number | null {
  const match = /^(\d{1,15})(?:\.(\d+))?$/.exec(text.trim());
  const digits = minorUnitDigits(currency);
  const fraction = (match?.[2] ?? '').replace(/0+$/, '');
  if (!match || fraction.length > digits) return null;
  const amount = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(amount) ? amount : null;
}

const displayDigits = new Map<string, number>();

/** The digits people usually show (ICU/CLDR): IDR and HUF prices are written without their cents. */
function usualDisplayDigits(currency: string): number {
  let digits = displayDigits.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    displayDigits.set(currency, digits);
  }
  return digits;
}

/**
 * For display, from the ISO value: the usual digits when nothing is lost (`IDR 2,400,000`), all ISO digits
 * when the amount has a fraction the usual form would hide (`IDR 2,400,000.50`). Formatted from a decimal
 * string, so amounts beyond a double's exact range of fractions print exactly.
 */
export function formatMoney(value: Money, locale = 'en'): string {
  const iso = minorUnitDigits(value.currency);
  const usual = Math.min(usualDisplayDigits(value.currency), iso);
  const hidden = 10 ** (iso - usual);
  const digits = value.amount % hidden === 0 ? usual : iso;
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: value.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl formats decimal strings exactly (Intl.NumberFormat v3); the cast is for older lib typings.
  return format.format(toDecimalString(value) as unknown as number);
}
