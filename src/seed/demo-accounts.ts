/** The demo accounts of development databases; their passwords are printed at start. Never used in production. */
export const demoAccounts = {
  admin: { email: 'admin@staygraph.dev', password: 'admin-password-dev', fullName: 'Ada Admin' },
  host: { email: 'host@staygraph.dev', password: 'host-password-dev', fullName: 'Hugo Host' },
  hotelHost: { email: 'hotel@staygraph.dev', password: 'hotel-password-dev', fullName: 'Helena Hotelier' },
  staysHost: { email: 'stays@staygraph.dev', password: 'stays-password-dev', fullName: 'Sofia Stays' },
  guest: { email: 'guest@staygraph.dev', password: 'guest-password-dev', fullName: 'Greta Guest' },
} as const;
