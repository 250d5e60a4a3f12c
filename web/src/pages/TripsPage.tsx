/** The guest's trips: upcoming and past; cancel with the refund shown first. */
export function TripsPage() {
  return (
    <section>
      <h1>My trips</h1>
    </section>
  );
}
