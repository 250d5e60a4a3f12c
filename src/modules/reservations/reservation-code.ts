import { randomInt } from 'node:crypto';

/** Letters and digits people do not confuse when reading a code aloud (no 0/O, 1/I/L). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A short human-friendly reference such as SG-7K3QX9 (31⁶ ≈ 887 million codes; collisions are retried). */
export function newReservationCode(): string {
  let code = '';
  for (let i = 0; i < 6; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return `SG-${code}`;
}
