import { SignJWT, errors, jwtVerify } from 'jose';
import type { Clock } from '../../platform/clock';
import { unauthenticated } from '../../platform/errors';
import type { Role } from './user.entity';

const ISSUER = 'staygraph';

export interface AccessTokenClaims {
  userId: string;
  role: Role;
}

/** Short-lived HS256 JWTs. The role claim is informative: each request reloads the user. */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: AccessTokenClaims): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const token = await new SignJWT({ role: claims.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setSubject(claims.userId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: this.clock.now(),
      });
      if (!payload.sub) throw unauthenticated('Invalid access token');
      return { userId: payload.sub, role: payload['role'] as Role };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw unauthenticated('Access token expired: refresh it');
      throw unauthenticated('Invalid access token');
    }
  }
}
