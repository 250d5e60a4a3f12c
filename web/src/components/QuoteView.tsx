import { formatDate } from '../dates';

interface Money {
  formatted: string;
  amount: number;
}

/** A quote or a reservation's price, line by line: what a guest pays and why. */
export interface PriceLines {
  nights: number;
  lines: { date: string; price: Money; rule?: string | null }[];
  subtotal: Money;
  fees: { label: string; amount: Money }[];
  discounts: { label: string; amount: Money }[];
  taxes: Money;
  total: Money;
}

export function QuoteView({ quote, caption }: { quote: PriceLines; caption: string }) {
  return (
    <table className="quote">
      <caption>{caption}</caption>
      <tbody>
        {quote.lines.map((line) => (
          <tr key={line.date}>
            <th scope="row">
              Night of {formatDate(line.date)}
              {line.rule ? <span className="muted"> ({line.rule})</span> : null}
            </th>
            <td>{line.price.formatted}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">
            Subtotal, {quote.nights} {quote.nights === 1 ? 'night' : 'nights'}
          </th>
          <td>{quote.subtotal.formatted}</td>
        </tr>
        {quote.fees.map((fee) => (
          <tr key={fee.label}>
            <th scope="row">{fee.label}</th>
            <td>{fee.amount.formatted}</td>
          </tr>
        ))}
        {quote.discounts.map((discount) => (
          <tr key={discount.label} className="discount">
            <th scope="row">{discount.label}</th>
            <td>−{discount.amount.formatted}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">Taxes</th>
          <td>{quote.taxes.formatted}</td>
        </tr>
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td data-testid="quote-total">{quote.total.formatted}</td>
        </tr>
      </tfoot>
    </table>
  );
}
