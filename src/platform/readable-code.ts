import { randomInt } from 'node:crypto';

/** Letters and digits people do not confuse when reading a code aloud or typing it from paper (no 0/O, 1/I/L). */
export const READABLE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** `length` random symbols of READABLE_ALPHABET: 6 give 31⁶ ≈ 887 million codes. */
export const readableSuffix = (length = 6) => Array.from({ length }, () => READABLE_ALPHABET[randomInt(READABLE_ALPHABET.length)]).join('');
