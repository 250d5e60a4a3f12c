import { SignJWT, errors, jwtVerify } from 'jose';
import type { Clock } from '../../platform/clock';
import { unauthenticated } from '../../platform/errors';
import { isUuid } from '../../platform/validation';
import type { Role } from './user.entity';

const ISSUER = 'staygraph';
const ROLES: readonly Role[] = ['GUEST', 'HOST', 'ADMIN'];

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

  /**
   * A token is accepted only if it is ours in every part: signed with our key, issued by us, unexpired, with
   * a UUID subject and a known role. A validly signed token with anything else (an old format, a token
   * made by a tool with a leaked key) is UNAUTHENTICATED too, never a lookup with a malformed id.
   */
  async verify(token: string): Promise<AccessTokenClaims> {
    let claims: AccessTokenClaims | null = null;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: this.clock.now(),
        requiredClaims: ['sub', 'iat', 'exp'],
      });
      const role = payload['role'];
      if (isUuid(payload.sub) && typeof role === 'string' && ROLES.includes(role as Role)) claims = { userId: payload.sub, role: role as Role };
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw unauthenticated('Access token expired: refresh it');
    }
    if (!claims) throw unauthenticated('Invalid access token');
    return claims;
  }
}
