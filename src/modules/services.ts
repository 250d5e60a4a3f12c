import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { AccessTokens } from './accounts/access-tokens';
import { AuthService } from './accounts/auth.service';
import { RefreshTokensService } from './accounts/refresh-tokens.service';
import { UsersService } from './accounts/users.service';
import { GuestProfilesService } from './profiles/guest-profiles.service';
import { HostProfilesService } from './profiles/host-profiles.service';

export interface ServiceDependencies {
  db: DataSource;
  config: Config;
  clock: Clock;
  log: Logger;
}

/** Every service, wired once per process. */
export function createServices({ db, config, clock }: ServiceDependencies) {
  const accessTokens = new AccessTokens(config.jwtSecret, config.accessTokenTtlSeconds, clock);
  const refreshTokens = new RefreshTokensService(db, clock, config.refreshTokenTtlDays);
  const users = new UsersService(db);
  return {
    accessTokens,
    users,
    auth: new AuthService(db, clock, users, accessTokens, refreshTokens),
    guestProfiles: new GuestProfilesService(db),
    hostProfiles: new HostProfilesService(db, clock),
  };
}

export type Services = ReturnType<typeof createServices>;
