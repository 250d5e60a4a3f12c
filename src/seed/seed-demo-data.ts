import { addDays, todayIn } from '../platform/calendar-dates';
import type { User } from '../modules/accounts/user.entity';
import type { Services } from '../modules/services';
import { demoAccounts } from './demo-accounts';
import { atlanticStays, costaOlivoHouses, type DemoProperty, hotelMiramar } from './demo-catalog';
import * as pricing from './demo-pricing';

type DemoAccount = (typeof demoAccounts)[keyof typeof demoAccounts];

/**
 * Demo data for development: an admin, a guest, a family company with three holiday houses, a hotel with
 * room types, and a marketplace host elsewhere. Idempotent: an account that exists is left alone, and so is
 * everything that hangs off it.
 */
export async function seedDemoData(services: Services): Promise<{ created: string[] }> {
  const created: string[] = [];
  const ensure = async (account: DemoAccount, role: 'ADMIN' | 'GUEST'): Promise<User | null> => {
    if (await services.users.findByEmail(account.email)) return null;
    created.push(account.email);
    return services.auth.createAccount({ ...account, phone: null }, role);
  };

  await ensure(demoAccounts.admin, 'ADMIN');
  const guest = await ensure(demoAccounts.guest, 'GUEST');
  if (guest) {
    await services.guestProfiles.update(guest.id, {
      preferredLanguage: 'en',
      preferredCurrency: 'EUR',
      preferencesNote: 'Quiet room, late arrival',
      emergencyContact: { name: 'Gustav Guest', phone: '+4915112345678', relation: 'brother' },
    });
  }

  const hosts = [
    { account: demoAccounts.host, businessName: 'Costa Olivo Holiday Houses', slug: 'costa-olivo', phone: '+34600111222', catalog: costaOlivoHouses },
    { account: demoAccounts.hotelHost, businessName: 'Hotel Miramar', slug: 'hotel-miramar', phone: '+34600333444', catalog: [hotelMiramar] },
    { account: demoAccounts.staysHost, businessName: 'Atlantic Stays', slug: 'atlantic-stays', phone: '+351912000111', catalog: atlanticStays },
  ];
  for (const { account, businessName, slug, phone, catalog } of hosts) {
    const user = await ensure(account, 'GUEST');
    if (!user) continue;
    const profile = await services.hostProfiles.becomeHost(user.id, {
      businessName,
      slug,
      contactPhone: phone,
      kycDocumentType: 'BUSINESS_REGISTRATION',
      payoutMethod: 'BANK_TRANSFER',
    });
    await services.hostProfiles.setKycStatus(profile.id, 'VERIFIED', 'Demo data');
    const host = { ...user, role: 'HOST' as const };
    for (const item of catalog) await createDemoProperty(services, host, item);
  }
  if (guest) await bookDemoStay(services, guest);
  return { created };
}

/** The guest's upcoming stay in Casa Olivo, confirmed by the host (pay at the property). */
async function bookDemoStay(services: Services, guest: User): Promise<void> {
  const host = await services.users.findByEmail(demoAccounts.host.email);
  // As its host: the public's reads may come from a replica, which may not have the property yet.
  const property = host && (await services.properties.findVisible(host, { slug: 'casa-olivo' }));
  const [room] = property ? await services.rooms.findByPropertyIds([property.id]) : [];
  if (!property || !room || !host) return;
  const checkIn = addDays(todayIn(property.timeZone, new Date()), 45);
  const reservation = await services.reservations.create(guest, { roomId: room.id, checkIn, checkOut: addDays(checkIn, 4), guests: 2 });
  await services.reservations.confirm({ kind: 'user', user: host }, reservation.id);
}

async function createDemoProperty(services: Services, host: User, { property, rooms }: DemoProperty): Promise<void> {
  const created = await services.properties.create(host, property);
  await services.pricing.updateSettings(host, created.id, pricing.settings(created.currency));
  for (const rule of pricing.rules(created)) await services.pricing.createRule(host, { propertyId: created.id, ...rule });
  const roomIds: string[] = [];
  for (const { count = 1, ...room } of rooms) {
    for (let n = 1; n <= count; n += 1) {
      const name = count > 1 ? `${room.name} ${n}` : room.name;
      roomIds.push((await services.rooms.create(host, { ...room, name, propertyId: created.id })).id);
    }
  }
  // An owner's stay next month, so calendars show something taken.
  const start = addDays(todayIn(created.timeZone, new Date()), 30);
  if (roomIds[0]) await services.blocks.block(host, roomIds[0], start, addDays(start, 3), 'Owner stay');
}
