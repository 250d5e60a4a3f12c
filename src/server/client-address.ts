import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import type { TrustProxy } from '../config';

export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * Which hops may speak for the caller through X-Forwarded-For. Express gets this same function as its
 * `trust proxy` setting, so HTTP (`req.ip`) and WebSocket upgrades agree on who is calling.
 */
export function trustFunction(trust: TrustProxy | undefined): TrustFunction {
  if (!trust) return () => false;
  if ('hops' in trust) return (_address, hop) => hop < trust.hops;
  return proxyAddr.compile(trust.addresses);
}

/** The caller's address: the connecting peer, or the address a trusted proxy forwarded for it. */
export function clientAddress(request: IncomingMessage, trust: TrustFunction): string {
  try {
    return proxyAddr(request, trust);
  } catch {
    return request.socket.remoteAddress ?? 'unknown';
  }
}
