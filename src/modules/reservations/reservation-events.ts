import type { PubSub } from '../../platform/pubsub/pubsub';

const TOPIC = 'reservation';

/** "Reservation X changed": subscribers reload it (and see it only if they may). */
export class ReservationEvents {
  constructor(private readonly pubsub: PubSub) {}

  publish(reservationId: string): Promise<void> {
    return this.pubsub.publish(TOPIC, { reservationId });
  }

  subscribe(reservationId: string): AsyncIterableIterator<{ reservationId: string }> {
    return this.pubsub.subscribe<{ reservationId: string }>(TOPIC, (event) => event.reservationId === reservationId);
  }
}
