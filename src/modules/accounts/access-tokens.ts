import { type KeyObject, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../platform/clock';
import { unauthenticated } from '../../platform/errors';
import { isUuid } from '../../platform/validation';
import type { Role } from './user.entity';

const ISSUER = 'staygraph';
const ROLES: readonly Role[] = ['GUEST', 'HOST', 'ADMIN'];
/** The header every token we issue carries, base64url-encoded once. */
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
/** base64url without padding, as JWTs use it; Buffer's decoder would skip any other character silently. */
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** An HMAC-SHA256 is 32 bytes: 43 base64url characters. */
const SIGNATURE_LENGTH = 43;
/** Tokens whose signature and claims were already checked, kept at most (the oldest goes first). */
const VERIFIED_KEPT = 10_000;

export interface AccessTokenClaims {
  userId: string;
  role: Role;
}

export interface VerifiedAccessToken extends AccessTokenClaims {
  /** When the token stops being valid. */
  expiresAt: Date;
}

/**
 * Short-lived HS256 JWTs, signed and checked with node:crypto (an HMAC over the exact `header.payload`
 * bytes): a few microseconds, where a general JOSE library spent 80–96 µs per request on key import and
 * option handling. The role claim is informative: the account is read (or taken from the viewer cache) for
 * each request.
 */
export class AccessTokens {
  private readonly key: KeyObject;
  /** Token → what it proved: a token is the same bytes each time, only the time checks are redone. */
  private readonly verified = new Map<string, { claims: VerifiedAccessToken; exp: number; nbf: number | undefined }>();

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  async issue(claims: AccessTokenClaims): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const payload = { role: claims.role, iss: ISSUER, sub: claims.userId, iat: issuedAt, exp: expiresAt };
    const signed = `${HEADER}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return { token: `${signed}.${this.sign(signed)}`, expiresAt: new Date(expiresAt * 1000) };
  }

  /**
   * A token is accepted only if it is ours in every part: header `alg` HS256 (nothing else: no `none`, no
   * other algorithm, no extra header fields), signed with our key, issued by us, with `iat` and an unexpired
   * `exp`, a UUID subject and a known role. A validly signed token with anything else (an old format, a
   * token made by a tool with a leaked key) is UNAUTHENTICATED too, never a lookup with a malformed id.
   * Only a genuine token past its `exp` says "expired".
   */
  verify(token: string): VerifiedAccessToken {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const known = this.verified.get(token);
    if (known) {
      if (known.exp <= now) throw unauthenticated('Access token expired: refresh it');
      if (known.nbf === undefined || known.nbf <= now) return known.claims;
    }
    const payload = this.signedPayload(token);
    if (!payload) throw invalid();
    const { iss, sub, iat, exp, nbf, role } = payload;
    if (iss !== ISSUER || typeof iat !== 'number' || typeof exp !== 'number' || sub === undefined) throw invalid();
    if (nbf !== undefined && typeof nbf !== 'number') throw invalid();
    if (typeof nbf === 'number' && nbf > now) throw invalid();
    if (exp <= now) throw unauthenticated('Access token expired: refresh it');
    if (!isUuid(sub) || typeof role !== 'string' || !ROLES.includes(role as Role)) throw invalid();
    const claims = { userId: sub, role: role as Role, expiresAt: new Date(exp * 1000) };
    if (this.verified.size >= VERIFIED_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { claims, exp, nbf });
    return claims;
  }

  /** The claims of a token whose header and signature are ours, or null. */
  private signedPayload(token: string): Record<string, unknown> | null {
    const firstDot = token.indexOf('.');
    const secondDot = token.indexOf('.', firstDot + 1);
    if (firstDot <= 0 || secondDot <= firstDot + 1 || token.indexOf('.', secondDot + 1) !== -1) return null;
    const header = token.slice(0, firstDot);
    const body = token.slice(firstDot + 1, secondDot);
    const signature = token.slice(secondDot + 1);
    if (header !== HEADER && !isHs256Header(header)) return null;
    if (signature.length !== SIGNATURE_LENGTH || !BASE64URL.test(signature) || !BASE64URL.test(body)) return null;
    const expected = createHmac('sha256', this.key).update(token.slice(0, secondDot)).digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'base64url'))) return null;
    try {
      const claims: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  private sign(signed: string): string {
    return createHmac('sha256', this.key).update(signed).digest('base64url');
  }
}

/** A header other tools write for the same algorithm (`{"alg":"HS256"}`, fields in another order). */
function isHs256Header(segment: string): boolean {
  if (!BASE64URL.test(segment)) return false;
  try {
    const header: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (typeof header !== 'object' || header === null || Array.isArray(header)) return false;
    const { alg, typ, ...rest } = header as Record<string, unknown>;
    return alg === 'HS256' && (typ === undefined || typ === 'JWT') && Object.keys(rest).length === 0;
  } catch {
    return false;
  }
}

const invalid = () => unauthenticated('Invalid access token');

/**
 * When a token says it expires, read without verifying (null when it does not say): only to schedule the
 * closing of a socket whose token was verified when it opened.
 */
export function unverifiedExpiry(token: string): Date | null {
  const body = token.split('.')[1];
  if (!body || !BASE64URL.test(body)) return null;
  try {
    const exp: unknown = (JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? new Date(exp * 1000) : null;
  } catch {
    return null;
  }
}
