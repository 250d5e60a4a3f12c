import type { DataSource, EntityManager } from 'typeorm';
import type { Clock } from '../../platform/clock';
import { badInput, unauthenticated } from '../../platform/errors';
import { fields, parseInput } from '../../platform/validation';
import { z } from 'zod';
import { CustomerStats } from '../profiles/customer-stats.entity';
import type { DiscountCode } from '../promotions/discount-code.entity';
import type { AccessTokens } from './access-tokens';
import type { LoginGuard } from './login-guard';
import type { PasswordHasher } from './passwords';
import { newReferralCode } from './referral-code';
import type { IssuedRefreshToken, RefreshTokensService } from './refresh-tokens.service';
import { type Role, User } from './user.entity';
import type { UsersService } from './users.service';

/** Issues the welcome code of a new account inside its registration transaction (promotions module). */
export interface WelcomeCodeIssuer {
  issueFor(manager: EntityManager, user: User): Promise<DiscountCode | null>;
}

export interface AuthResult {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: User;
}

export interface RegisterResult extends AuthResult {
  welcomeCode: DiscountCode | null;
}

const registerSchema = z.object({
  email: fields.email,
  password: fields.password,
  fullName: fields.personName,
  phone: fields.phone.nullish(),
  referralCode: z.string().trim().toUpperCase().max(40).nullish(),
});

export interface NewAccount {
  email: string;
  password: string;
  fullName: string;
  phone?: string | null;
  /** Another guest's referral code: links the new account to them. */
  referralCode?: string | null;
}

/** Sign-up, sign-in and the token pair lifecycle. */
export class AuthService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly accessTokens: AccessTokens,
    private readonly refreshTokens: RefreshTokensService,
    private readonly guard: LoginGuard,
    private readonly welcome: WelcomeCodeIssuer,
    private readonly passwords: PasswordHasher,
  ) {}

  async register(input: NewAccount): Promise<RegisterResult> {
    const account: z.output<typeof registerSchema> & { referredByUserId?: string } = parseInput(registerSchema, input);
    if (account.referralCode) {
      // A new account has no code yet, so its own code cannot be entered here.
      const referrer = await this.users.findByReferralCode(account.referralCode);
      if (!referrer) throw badInput('referralCode', 'No guest has this referral code');
      account.referredByUserId = referrer.id;
    }
    let welcomeCode: DiscountCode | null = null;
    const user = await this.createAccount(account, 'GUEST', async (manager, created) => {
      welcomeCode = await this.welcome.issueFor(manager, created);
    });
    return { ...(await this.db.transaction((manager) => this.startSession(manager, user))), welcomeCode };
  }

  /**
   * Creates an account with its customer stats; duplicate email or phone is CONFLICT. `alongside` runs in the
   * same transaction (a new guest's welcome code).
   */
  async createAccount(
    account: z.output<typeof registerSchema> & { referredByUserId?: string },
    role: Role,
    alongside?: (manager: EntityManager, user: User) => Promise<void>,
  ): Promise<User> {
    const passwordHash = await this.passwords.hash(account.password);
    return this.db.transaction(async (manager) => {
      await this.users.assertEmailAndPhoneFree(manager, account.email, account.phone ?? null);
      const user = manager.create(User, {
        email: account.email,
        fullName: account.fullName,
        phone: account.phone ?? null,
        passwordHash,
        role,
        referralCode: newReferralCode(),
        referredByUserId: account.referredByUserId ?? null,
      });
      await manager.save(user);
      await manager.insert(CustomerStats, { userId: user.id, totalVisits: 0, tier: 'NEW', refreshedAt: this.clock.now() });
      await alongside?.(manager, user);
      return user;
    });
  }

  /** `address`: the caller's, for the brute-force limits (LoginGuard). */
  async login(email: string, password: string, address: string): Promise<AuthResult> {
    const normalized = email.trim().toLowerCase();
    const userId = await this.guard.attempt(normalized, address, async () => {
      const credentials = await this.users.findCredentials(normalized);
      const valid = await this.passwords.verify(credentials?.passwordHash, password);
      return credentials && valid ? credentials.id : null;
    });
    if (!userId) throw unauthenticated('Wrong email or password');
    const user = await this.users.getById(userId);
    return this.db.transaction((manager) => this.startSession(manager, user));
  }

  async refresh(refreshToken: string): Promise<AuthResult> {
    const { userId, next } = await this.refreshTokens.rotate(refreshToken);
    return this.tokenPair(await this.users.getById(userId), next);
  }

  logout(refreshToken: string): Promise<boolean> {
    return this.refreshTokens.revoke(refreshToken);
  }

  /** Makes sure the configured first admin exists (production's way to get one); never changes a password. */
  async ensureAdmin(email: string, password: string): Promise<'created' | 'promoted' | 'present'> {
    const normalized = parseInput(fields.email, email);
    const existing = await this.users.findByEmail(normalized);
    if (existing?.role === 'ADMIN') return 'present';
    if (existing) {
      await this.users.setRole(existing.id, 'ADMIN');
      return 'promoted';
    }
    await this.createAccount({ email: normalized, password, fullName: 'Administrator', phone: null }, 'ADMIN');
    return 'created';
  }

  /** A new sign-in: a new refresh-token family. */
  private async startSession(manager: EntityManager, user: User): Promise<AuthResult> {
    return this.tokenPair(user, await this.refreshTokens.issue(manager, user.id));
  }

  private async tokenPair(user: User, refresh: IssuedRefreshToken): Promise<AuthResult> {
    const access = await this.accessTokens.issue({ userId: user.id, role: user.role });
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt,
      user,
    };
  }
}
