/**
 * The SQL twin of pricing-engine.ts's nightly price, for searches that rank thousands of rooms inside the
 * database. It orders rules exactly like the engine (scope, kind, shorter range, newest, id) and rounds
 * half up the same way; test/pricing.test.ts checks that search and quotes agree on every kind of rule.
 *
 * `room` is the alias of a `rooms` row; `checkIn`/`checkOut` are SQL expressions of type date.
 */
/** The engine's `moreSpecific` as an ORDER BY over `pricing_rules rule`: the most specific rule first. */
export const RULE_SPECIFICITY_ORDER = `(CASE WHEN rule.room_id IS NOT NULL THEN 3 WHEN rule.room_type_code IS NOT NULL THEN 2 ELSE 1 END) DESC,
                (CASE WHEN rule.starts_on IS NOT NULL AND rule.weekdays IS NOT NULL THEN 3
                      WHEN rule.starts_on IS NOT NULL THEN 2 ELSE 1 END) DESC,
                (rule.ends_on - rule.starts_on) ASC NULLS LAST,
                rule.created_at DESC, rule.id DESC`;

export function averageNightlyPriceSql(room: string, checkIn: string, checkOut: string): string {
  const nightPrice = `
    COALESCE((
      SELECT COALESCE(rule.nightly_amount,
                      (${room}.base_price_amount::bigint * (10000 + rule.percent_basis_points) * 2 + 10000) / 20000)
        FROM pricing_rules rule
       WHERE rule.property_id = ${room}.property_id
         AND (rule.nightly_amount IS NOT NULL OR rule.percent_basis_points IS NOT NULL)
         AND (rule.room_id IS NULL OR rule.room_id = ${room}.id)
         AND (rule.room_type_code IS NULL OR rule.room_type_code = ${room}.room_type_code)
         AND (rule.starts_on IS NULL OR (night.date >= rule.starts_on AND night.date < rule.ends_on))
         AND (rule.weekdays IS NULL OR extract(isodow FROM night.date)::smallint = ANY (rule.weekdays))
       ORDER BY ${RULE_SPECIFICITY_ORDER}
       LIMIT 1), ${room}.base_price_amount)`;
  // Properties without rules (most of them) skip the per-night lookup entirely. sum() of bigint is numeric:
  // back to bigint first, so that the division truncates like the engine's half-up rounding expects.
  // Money is bigint end to end: no cast to int, a long stay at a high price passes 2^31.
  // NOT IN over a (never null) column: a hashed subplan, evaluated once per statement rather than per room.
  return `(CASE WHEN ${room}.property_id NOT IN (SELECT property_id FROM pricing_rules)
               THEN ${room}.base_price_amount
               ELSE (SELECT ((2 * sum(${nightPrice})::bigint + count(*)) / (2 * count(*)))
                       FROM generate_series(${checkIn}, ${checkOut} - 1, interval '1 day') AS night_series(at)
                       CROSS JOIN LATERAL (SELECT night_series.at::date AS date) AS night)
          END)`;
}
