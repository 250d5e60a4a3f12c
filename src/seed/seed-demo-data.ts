import type { Services } from '../modules/services';
import { demoAccounts } from './demo-accounts';

/**
 * Demo data for development: an admin, a guest, a family company with holiday houses and a hotel.
 * Idempotent: accounts that exist are left alone. (Properties and rooms arrive with the catalog module.)
 */
export async function seedDemoData(services: Services): Promise<{ created: string[] }> {
  const created: string[] = [];
  const ensure = async (account: (typeof demoAccounts)[keyof typeof demoAccounts], role: 'ADMIN' | 'GUEST') => {
    const existing = await services.users.findByEmail(account.email);
    if (existing) return existing;
    created.push(account.email);
    return services.auth.createAccount({ ...account, phone: null }, role);
  };

  await ensure(demoAccounts.admin, 'ADMIN');
  const guest = await ensure(demoAccounts.guest, 'GUEST');
  const host = await ensure(demoAccounts.host, 'GUEST');
  const hotelHost = await ensure(demoAccounts.hotelHost, 'GUEST');

  if (created.includes(demoAccounts.guest.email)) {
    await services.guestProfiles.update(guest.id, {
      preferredLanguage: 'en',
      preferredCurrency: 'EUR',
      preferencesNote: 'Quiet room, late arrival',
      emergencyContact: { name: 'Gustav Guest', phone: '+4915112345678', relation: 'brother' },
    });
  }
  if (created.includes(demoAccounts.host.email)) {
    const profile = await services.hostProfiles.becomeHost(host.id, {
      businessName: 'Costa Olivo Holiday Houses',
      slug: 'costa-olivo',
      contactPhone: '+34600111222',
      kycDocumentType: 'BUSINESS_REGISTRATION',
      payoutMethod: 'BANK_TRANSFER',
    });
    await services.hostProfiles.setKycStatus(profile.id, 'VERIFIED', 'Demo data');
  }
  if (created.includes(demoAccounts.hotelHost.email)) {
    const profile = await services.hostProfiles.becomeHost(hotelHost.id, {
      businessName: 'Hotel Miramar',
      slug: 'hotel-miramar',
      contactPhone: '+34600333444',
      kycDocumentType: 'BUSINESS_REGISTRATION',
      payoutMethod: 'STRIPE_CONNECT',
    });
    await services.hostProfiles.setKycStatus(profile.id, 'VERIFIED', 'Demo data');
  }
  return { created };
}
