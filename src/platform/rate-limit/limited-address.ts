import { isIP } from 'node:net';

/**
 * The part of a caller's address that per-address limits count. One IPv6 subscriber usually holds a whole
 * /64 and can pick any address in it, so IPv6 addresses count by their /64; IPv4 (and IPv4-mapped IPv6)
 * addresses count one by one.
 */
export function limitedAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) !== 6) return address;
  const compressed = address.includes('::');
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = compressed && tail ? tail.split(':') : [];
  const groups = compressed ? [...headGroups, ...Array<string>(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill('0'), ...tailGroups] : headGroups;
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
