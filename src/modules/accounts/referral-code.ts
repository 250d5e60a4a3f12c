import { randomInt } from 'node:crypto';

/** As discount codes: no 0/O, 1/I/L. The migration's new_referral_code() draws the same shape for old accounts. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** REF-XXXXXX: 887 million codes; a collision is the unique key's (CONFLICT, retryable). */
export const newReferralCode = () => `REF-${Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;
