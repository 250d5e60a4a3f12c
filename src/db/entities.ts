import { RefreshToken } from '../modules/accounts/refresh-token.entity';
import { User } from '../modules/accounts/user.entity';
import { CustomerStats } from '../modules/profiles/customer-stats.entity';
import { GuestProfile } from '../modules/profiles/guest-profile.entity';
import { HostProfile } from '../modules/profiles/host-profile.entity';

/** Every TypeORM entity; tables themselves come from migrations/. */
export const entities = [User, RefreshToken, GuestProfile, CustomerStats, HostProfile];
