import type { PubSub } from '../../platform/pubsub/pubsub';
import type { CalendarDate } from '../../platform/calendar-dates';

export type AvailabilityChangeReason = 'RESERVED' | 'RELEASED' | 'BLOCKED' | 'UNBLOCKED';

/** A small hint: subscribers refetch `availability` for the details. */
export interface AvailabilityChange {
  propertyId: string;
  roomId: string;
  from: CalendarDate;
  to: CalendarDate;
  reason: AvailabilityChangeReason;
  at: string;
}

const TOPIC = 'availability';

/** Publishing (after commit, by the services that change availability) and filtered subscriptions. */
export class AvailabilityEvents {
  constructor(private readonly pubsub: PubSub) {}

  publish(change: Omit<AvailabilityChange, 'at'>): Promise<void> {
    return this.pubsub.publish(TOPIC, { ...change, at: new Date().toISOString() });
  }

  subscribe(filter: { propertyId?: string | null; roomId?: string | null }): AsyncIterableIterator<AvailabilityChange> {
    return this.pubsub.subscribe<AvailabilityChange>(
      TOPIC,
      (change) => (!filter.propertyId || change.propertyId === filter.propertyId) && (!filter.roomId || change.roomId === filter.roomId),
    );
  }
}
