import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every money column: (table, column). Their CHECKs (>= 0, refund <= total …) survive the type change. */
const MONEY_COLUMNS: [string, string[]][] = [
  ['rooms', ['base_price_amount']],
  ['properties', ['extra_guest_fee_amount', 'cleaning_fee_amount', 'late_checkout_fee_amount']],
  ['pricing_rules', ['nightly_amount']],
  ['reservations', ['subtotal_amount', 'fees_amount', 'discount_amount', 'taxes_amount', 'total_amount', 'refund_amount']],
  ['payments', ['amount', 'amount_refunded']],
  ['refunds', ['amount']],
];

/**
 * Amounts used to mean minor units by ICU's digits; they mean ISO 4217's now. Where the two differ (ICU 78,
 * the one Node 20 ships), stored prices, fees, reservations and local-mode payments are multiplied so they
 * keep their value: 2 400 000 IDR stored as 2400000 becomes 240000000 (sen).
 */
const ICU_TO_ISO: [string, number][] = [
  ['AFN', 100], ['ALL', 100], ['COP', 100], ['HUF', 100], ['IDR', 100], ['IQD', 1000], ['IRR', 100], ['KPW', 100],
  ['LAK', 100], ['LBP', 100], ['MGA', 100], ['MMK', 100], ['PKR', 100], ['SOS', 100], ['SYP', 100], ['YER', 100],
];

/**
 * Stripe payments and refunds hold the number that was sent to (or reported by) Stripe, which Stripe read
 * in its own units: that is what really moved. In ISO minor units it is the same number except where
 * Stripe's digits differ from ISO's: ISK and UGX (Stripe wants two decimals, ISO has none) and MGA (Stripe
 * zero-decimal, ISO two). An IDR payment charged at 1/100 of its price stays recorded at what was charged.
 */
const STRIPE_TO_ISO: [string, number, number][] = [
  // currency, multiply, divide
  ['ISK', 1, 100],
  ['UGX', 1, 100],
  ['MGA', 100, 1],
];

const values = (rows: (string | number)[][]) =>
  rows.map((row) => `(${row.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')})`).join(', ');

/** price_snapshot with every line amount (nights, fees, discounts) scaled by `factor` (SQL, bigint). */
const scaledSnapshot = (factor: string, operator: '*' | '/') =>
  `price_snapshot || jsonb_build_object(${['nights', 'fees', 'discounts']
    .map(
      (key) => `'${key}', (SELECT coalesce(jsonb_agg(line || jsonb_build_object('amount', (line->>'amount')::bigint ${operator} ${factor}) ORDER BY i), '[]'::jsonb)
                  FROM jsonb_array_elements(price_snapshot->'${key}') WITH ORDINALITY AS lines(line, i))`,
    )
    .join(', ')})`;

/** Money is 64-bit (bigint) everywhere, and amounts are ISO 4217 minor units. */
export class Money64Bit1795824000000 implements MigrationInterface {
  name = 'Money64Bit1795824000000';

  async up(db: QueryRunner): Promise<void> {
    for (const [table, columns] of MONEY_COLUMNS) {
      await db.query(`ALTER TABLE ${table} ${columns.map((c) => `ALTER COLUMN ${c} TYPE bigint`).join(', ')}`);
    }
    await this.rescale(db, '*');
  }

  async down(db: QueryRunner): Promise<void> {
    await this.rescale(db, '/');
    for (const [table, columns] of MONEY_COLUMNS) {
      await db.query(`ALTER TABLE ${table} ${columns.map((c) => `ALTER COLUMN ${c} TYPE integer`).join(', ')}`);
    }
  }

  /** `*` converts to ISO units (up), `/` back (down). */
  private async rescale(db: QueryRunner, operator: '*' | '/'): Promise<void> {
    const icu = `(VALUES ${values(ICU_TO_ISO)}) AS f(currency, factor)`;
    await db.query(`UPDATE rooms r SET base_price_amount = r.base_price_amount ${operator} f.factor
                      FROM properties p JOIN ${icu} ON f.currency = p.currency WHERE p.id = r.property_id`);
    await db.query(`UPDATE properties p SET extra_guest_fee_amount = p.extra_guest_fee_amount ${operator} f.factor,
                           cleaning_fee_amount = p.cleaning_fee_amount ${operator} f.factor,
                           late_checkout_fee_amount = p.late_checkout_fee_amount ${operator} f.factor
                      FROM ${icu} WHERE f.currency = p.currency`);
    await db.query(`UPDATE pricing_rules r SET nightly_amount = r.nightly_amount ${operator} f.factor
                      FROM properties p JOIN ${icu} ON f.currency = p.currency WHERE p.id = r.property_id AND r.nightly_amount IS NOT NULL`);
    await db.query(`UPDATE reservations r SET subtotal_amount = r.subtotal_amount ${operator} f.factor, fees_amount = r.fees_amount ${operator} f.factor,
                           discount_amount = r.discount_amount ${operator} f.factor, taxes_amount = r.taxes_amount ${operator} f.factor,
                           total_amount = r.total_amount ${operator} f.factor, refund_amount = r.refund_amount ${operator} f.factor,
                           price_snapshot = ${scaledSnapshot('f.factor', operator)}
                      FROM ${icu} WHERE f.currency = r.currency`);
    // Refunds first: they find their provider through the payment, whose amounts must not change first.
    const inverse = operator === '*' ? '/' : '*';
    const stripe = `(VALUES ${values(STRIPE_TO_ISO)}) AS s(currency, multiply, divide)`;
    await db.query(`UPDATE refunds r SET amount = r.amount ${operator} f.factor
                      FROM payments p, ${icu} WHERE p.id = r.payment_id AND p.provider = 'LOCAL' AND f.currency = r.currency`);
    await db.query(`UPDATE refunds r SET amount = r.amount ${operator} s.multiply ${inverse} s.divide
                      FROM payments p, ${stripe} WHERE p.id = r.payment_id AND p.provider = 'STRIPE' AND s.currency = r.currency`);
    await db.query(`UPDATE payments p SET amount = p.amount ${operator} f.factor, amount_refunded = p.amount_refunded ${operator} f.factor
                      FROM ${icu} WHERE p.provider = 'LOCAL' AND f.currency = p.currency`);
    await db.query(`UPDATE payments p SET amount = p.amount ${operator} s.multiply ${inverse} s.divide,
                           amount_refunded = p.amount_refunded ${operator} s.multiply ${inverse} s.divide
                      FROM ${stripe} WHERE p.provider = 'STRIPE' AND s.currency = p.currency`);
  }
}
