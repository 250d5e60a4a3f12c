import { type FormEvent, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { PricingRuleInput } from '../../gql/graphql';
import { ErrorMessage } from '../ErrorMessage';
import { shortDate, toMinor } from './host-dates';

const PricingRulesQuery = graphql(`
  query HostPricingRules($id: ID!) {
    property(id: $id) {
      id
      pricingRules {
        id
        name
        roomTypeCode
        roomId
        dates { from to }
        weekdays
        nightlyPrice { formatted }
        percentChange
        minNights
        maxNights
      }
    }
  }
`);

const CreateRule = graphql(`
  mutation HostCreatePricingRule($input: PricingRuleInput!) {
    createPricingRule(input: $input) { id name }
  }
`);

const DeleteRule = graphql(`
  mutation HostDeletePricingRule($id: ID!) {
    deletePricingRule(id: $id)
  }
`);

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

interface Room {
  id: string;
  name: string;
  roomType: { code: string; label: string };
}

const emptyForm = { name: '', appliesTo: '', from: '', to: '', weekdays: [] as number[], priceKind: 'nightly', price: '', minNights: '', maxNights: '' };

/** The property's pricing rules (the most specific one prices a night: see schema/pricing.graphql), to add or remove. */
export function PricingRules({ propertyId, currency, rooms }: { propertyId: string; currency: string; rooms: Room[] }) {
  const [{ data, error }, refetch] = useQuery({ query: PricingRulesQuery, variables: { id: propertyId } });
  const [createResult, create] = useMutation(CreateRule);
  const [deleteResult, remove] = useMutation(DeleteRule);
  const [form, setForm] = useState(emptyForm);
  const [done, setDone] = useState('');
  const types = [...new Map(rooms.map((room) => [room.roomType.code, room.roomType])).values()];

  const scopeOf = (rule: { roomTypeCode?: string | null; roomId?: string | null }) =>
    rule.roomId
      ? `Room ${rooms.find((room) => room.id === rule.roomId)?.name ?? rule.roomId}`
      : rule.roomTypeCode
        ? `${types.find((type) => type.code === rule.roomTypeCode)?.label ?? rule.roomTypeCode} rooms`
        : 'Every room';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone('');
    const [kind, target] = form.appliesTo.split(':');
    const input: PricingRuleInput = {
      propertyId,
      name: form.name.trim(),
      roomId: kind === 'room' ? target : undefined,
      roomTypeCode: kind === 'type' ? target : undefined,
      dates: form.from || form.to ? { from: form.from, to: form.to } : undefined,
      weekdays: form.weekdays.length ? [...form.weekdays].sort() : undefined,
      nightlyPrice: form.priceKind === 'nightly' && form.price !== '' ? { amount: toMinor(form.price, currency) ?? Number.NaN, currency } : undefined,
      percentChange: form.priceKind === 'percent' && form.price !== '' ? Number(form.price) : undefined,
      minNights: form.minNights ? Number(form.minNights) : undefined,
      maxNights: form.maxNights ? Number(form.maxNights) : undefined,
    };
    const result = await create({ input });
    if (result.data) {
      setDone(`Rule “${result.data.createPricingRule.name}” added.`);
      setForm(emptyForm);
      refetch({ requestPolicy: 'network-only' });
    }
  };
  const onDelete = async (id: string, name: string) => {
    const result = await remove({ id });
    if (result.data) {
      setDone(`Rule “${name}” removed.`);
      refetch({ requestPolicy: 'network-only' });
    }
  };
  const field = (name: 'name' | 'from' | 'to' | 'price' | 'minNights' | 'maxNights') => ({
    name,
    value: form[name],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value }),
  });

  const rules = data?.property?.pricingRules ?? [];
  return (
    <section aria-labelledby="pricing-heading" className="host-panel">
      <h2 id="pricing-heading">Pricing rules</h2>
      <ErrorMessage error={error ?? deleteResult.error} />
      {data && rules.length === 0 ? <p className="muted">No rules: every night costs the room’s base price.</p> : null}
      {rules.length > 0 ? (
        <table className="host-table">
          <caption className="visually-hidden">Pricing rules of this property</caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">For</th>
              <th scope="col">When</th>
              <th scope="col">Price</th>
              <th scope="col">Nights</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id}>
                <th scope="row">{rule.name}</th>
                <td>{scopeOf(rule)}</td>
                <td>
                  {rule.dates ? `${shortDate(rule.dates.from)} → ${shortDate(rule.dates.to)}` : 'Any date'}
                  {rule.weekdays ? `, ${rule.weekdays.map((day) => WEEKDAYS[day - 1]).join(' ')}` : ''}
                </td>
                <td>{rule.nightlyPrice ? `${rule.nightlyPrice.formatted} a night` : rule.percentChange != null ? `${rule.percentChange > 0 ? '+' : ''}${rule.percentChange} %` : '—'}</td>
                <td>
                  {rule.minNights != null ? `at least ${rule.minNights}` : ''}
                  {rule.minNights != null && rule.maxNights != null ? ', ' : ''}
                  {rule.maxNights != null ? `at most ${rule.maxNights}` : ''}
                </td>
                <td>
                  <button type="button" className="link-button" disabled={deleteResult.fetching} onClick={() => void onDelete(rule.id, rule.name)} aria-label={`Remove rule ${rule.name}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h3 id="new-rule-heading">Add a rule</h3>
      <form onSubmit={(event) => void submit(event)} className="host-form" aria-labelledby="new-rule-heading">
        <label>
          Name
          <input type="text" required maxLength={100} placeholder="e.g. Summer weekends" {...field('name')} />
        </label>
        <label>
          For
          <select name="appliesTo" value={form.appliesTo} onChange={(event) => setForm({ ...form, appliesTo: event.target.value })}>
            <option value="">Every room</option>
            {types.map((type) => (
              <option key={type.code} value={`type:${type.code}`}>
                {type.label} rooms
              </option>
            ))}
            {rooms.map((room) => (
              <option key={room.id} value={`room:${room.id}`}>
                Room {room.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From (optional)
          <input type="date" {...field('from')} required={form.to !== ''} />
        </label>
        <label>
          Until, not included (optional)
          <input type="date" {...field('to')} required={form.from !== ''} min={form.from || undefined} />
        </label>
        <fieldset className="host-weekdays">
          <legend>Only on (optional)</legend>
          {WEEKDAYS.map((label, index) => (
            <label key={label} className="inline">
              <input
                type="checkbox"
                name="weekday"
                value={index + 1}
                checked={form.weekdays.includes(index + 1)}
                onChange={(event) =>
                  setForm({ ...form, weekdays: event.target.checked ? [...form.weekdays, index + 1] : form.weekdays.filter((day) => day !== index + 1) })
                }
              />
              {label}
            </label>
          ))}
        </fieldset>
        <label>
          Price
          <select name="priceKind" value={form.priceKind} onChange={(event) => setForm({ ...form, priceKind: event.target.value })}>
            <option value="nightly">A nightly price ({currency})</option>
            <option value="percent">A change of the base price (%)</option>
            <option value="none">No price change (nights limits only)</option>
          </select>
        </label>
        {form.priceKind !== 'none' ? (
          <label>
            {form.priceKind === 'nightly' ? `Nightly price (${currency})` : 'Change in percent (e.g. 20 or -15)'}
            <input type="number" step="any" inputMode="decimal" required min={form.priceKind === 'nightly' ? 0 : -100} {...field('price')} />
          </label>
        ) : null}
        <label>
          Minimum nights (optional)
          <input type="number" min={1} {...field('minNights')} />
        </label>
        <label>
          Maximum nights (optional)
          <input type="number" min={1} {...field('maxNights')} />
        </label>
        <button type="submit" disabled={createResult.fetching}>
          Add rule
        </button>
      </form>
      <ErrorMessage error={createResult.error} />
      <p role="status" className={done ? 'notice' : undefined}>
        {done}
      </p>
    </section>
  );
}
