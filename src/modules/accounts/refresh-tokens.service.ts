import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import type { Clock } from '../../platform/clock';
import { unauthenticated } from '../../platform/errors';
import { RefreshToken } from './refresh-token.entity';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const DAY_MS = 86_400_000;

export interface IssuedRefreshToken {
  token: string;
  expiresAt: Date;
}

type RotationOutcome = { kind: 'rotated'; userId: string; next: IssuedRefreshToken } | { kind: 'rejected'; reason: string };

/** Opaque, single-use refresh tokens grouped in families (one family per sign-in). */
export class RefreshTokensService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly ttlDays: number,
  ) {}

  async issue(manager: EntityManager, userId: string, familyId: string = randomUUID()): Promise<IssuedRefreshToken> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.ttlDays * DAY_MS);
    await manager.insert(RefreshToken, { userId, familyId, tokenHash: hashToken(token), expiresAt });
    return { token, expiresAt };
  }

  /**
   * Retires `token` and issues its successor. Presenting a retired token again means someone else holds
   * a copy, so the whole family is revoked (committed even though the caller gets an error).
   */
  async rotate(token: string): Promise<{ userId: string; next: IssuedRefreshToken }> {
    const outcome = await this.db.transaction(async (manager): Promise<RotationOutcome> => {
      const current = await manager.findOne(RefreshToken, {
        where: { tokenHash: hashToken(token) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current || current.revokedAt) return { kind: 'rejected', reason: 'Invalid refresh token: sign in again' };
      if (current.rotatedAt) {
        await this.revokeFamily(manager, current.familyId, 'reuse of a rotated token');
        return { kind: 'rejected', reason: 'Refresh token was already used: every session token was revoked, sign in again' };
      }
      if (current.expiresAt <= this.clock.now()) return { kind: 'rejected', reason: 'Refresh token expired: sign in again' };
      await manager.update(RefreshToken, { id: current.id }, { rotatedAt: this.clock.now() });
      const next = await this.issue(manager, current.userId, current.familyId);
      return { kind: 'rotated', userId: current.userId, next };
    });
    if (outcome.kind === 'rejected') throw unauthenticated(outcome.reason);
    return outcome;
  }

  /** Logout: revokes the family the token belongs to. True when the session was still active. */
  async revoke(token: string): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      const current = await manager.findOne(RefreshToken, { where: { tokenHash: hashToken(token) } });
      if (!current || current.revokedAt || current.rotatedAt) return false;
      await this.revokeFamily(manager, current.familyId, 'logout');
      return true;
    });
  }

  private async revokeFamily(manager: EntityManager, familyId: string, reason: string): Promise<void> {
    await manager.update(
      RefreshToken,
      { familyId, revokedAt: IsNull() },
      { revokedAt: this.clock.now(), revokedReason: reason },
    );
  }
}
