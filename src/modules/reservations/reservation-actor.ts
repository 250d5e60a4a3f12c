import type { Loaders } from '../loaders';
import type { ActorRole, ReservationHistory } from './reservation-history.entity';

/** Who changed a reservation, with only what every party to it may see. */
export interface ReservationActor {
  userId: string;
  role: ActorRole;
  displayName: string;
}

/** Admins act for the platform: their own names stay inside the company. */
const ADMIN_DISPLAY_NAME = 'staygraph support';

/** Null for the system. A host is shown by their public business name, a guest by their own name. */
export async function reservationActor(entry: ReservationHistory, loaders: Loaders): Promise<ReservationActor | null> {
  const userId = entry.actorUserId;
  if (!userId) return null;
  return { userId, role: entry.actorRole, displayName: await displayName(userId, entry.actorRole, loaders) };
}

async function displayName(userId: string, role: ActorRole, loaders: Loaders): Promise<string> {
  if (role === 'HOST') return (await loaders.hostProfileByUserId.load(userId))?.businessName ?? 'The host';
  if (role === 'GUEST') return (await loaders.userById.load(userId))?.fullName ?? 'The guest';
  return ADMIN_DISPLAY_NAME;
}
