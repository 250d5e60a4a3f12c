import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  /** Tests only (CALENDAR_FETCH_ALLOW_PRIVATE): loopback and private addresses may be fetched. */
  allowPrivate: boolean;
  maxRedirects?: number;
}

export type FetchOutcome =
  | { kind: 'OK'; body: string; etag: string | null; lastModified: string | null }
  | { kind: 'NOT_MODIFIED' };

/** A fetch that failed for a reason the host can read in the sync log. */
export class FeedFetchError extends Error {}

/** Only ordinary public unicast addresses: no loopback, private, link-local, ULA, multicast, reserved… */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** Checks a feed URL's form when a host adds it: http(s), no credentials, no literal non-public address. */
export function feedUrlProblem(value: string, allowPrivate: boolean): string | null {
  if (!URL.canParse(value)) return 'must be an absolute http or https URL';
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && ipaddr.isValid(host) && !isPublicAddress(host)) return 'must point to a public address, not a private or loopback one';
  return null;
}

/**
 * Resolves like dns.lookup but refuses non-public addresses. It runs inside the socket's connect, so the
 * address checked is the address connected to (a name that resolves differently a second time — DNS
 * rebinding — cannot slip through between a check and the connection).
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as dns.LookupAddress[];
      const refused = list.find((entry) => !allowPrivate && !isPublicAddress(entry.address));
      if (refused || !list.length) {
        return callback(new FeedFetchError(`${hostname} resolves to a non-public address (${refused?.address ?? 'none'}): refused`), '', 4);
      }
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/**
 * GETs a feed: http/https only, each redirect hop checked again, every address checked at connect time, a
 * timeout over the whole exchange, and the body cut off past `maxBytes`. Sends If-None-Match and
 * If-Modified-Since from the last good read. Built on node:http rather than fetch because only there can
 * the connection's own DNS lookup be checked.
 */
export async function fetchFeed(
  url: string,
  previous: { etag: string | null; lastModified: string | null },
  limits: FetchLimits,
): Promise<FetchOutcome> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  for (let hop = 0; hop <= (limits.maxRedirects ?? 5); hop += 1) {
    const problem = feedUrlProblem(current, limits.allowPrivate);
    if (problem) throw new FeedFetchError(`${hop ? 'redirect target' : 'feed URL'} ${problem}`);
    const answer = await get(current, previous, limits, signal);
    if (answer.kind === 'REDIRECT') {
      current = new URL(answer.location, current).toString();
      continue;
    }
    return answer;
  }
  throw new FeedFetchError('too many redirects');
}

type HopAnswer = FetchOutcome | { kind: 'REDIRECT'; location: string };

function get(
  url: string,
  previous: { etag: string | null; lastModified: string | null },
  limits: FetchLimits,
  signal: AbortSignal,
): Promise<HopAnswer> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { accept: 'text/calendar, text/plain;q=0.5, */*;q=0.1', 'user-agent': 'staygraph-calendar-sync' };
  if (previous.etag) headers['if-none-match'] = previous.etag;
  if (previous.lastModified) headers['if-modified-since'] = previous.lastModified;
  return new Promise<HopAnswer>((resolve, reject) => {
    const request = client.get(target, { headers, signal, lookup: guardedLookup(limits.allowPrivate) }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && status !== 304) {
        response.resume();
        const location = response.headers.location;
        if (!location) return reject(new FeedFetchError(`HTTP ${status} without a Location`));
        return resolve({ kind: 'REDIRECT', location });
      }
      if (status === 304) {
        response.resume();
        return resolve({ kind: 'NOT_MODIFIED' });
      }
      if (status < 200 || status >= 300) {
        response.resume();
        return reject(new FeedFetchError(`HTTP ${status}`));
      }
      const declared = Number(response.headers['content-length']);
      if (declared > limits.maxBytes) {
        response.destroy();
        return reject(new FeedFetchError(`feed larger than ${limits.maxBytes} bytes`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          response.destroy();
          reject(new FeedFetchError(`feed larger than ${limits.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('error', (error) => reject(describe(error, limits)));
      response.on('end', () =>
        resolve({
          kind: 'OK',
          body: Buffer.concat(chunks).toString('utf8'),
          etag: response.headers.etag ?? null,
          lastModified: response.headers['last-modified'] ?? null,
        }),
      );
    });
    request.on('error', (error) => reject(describe(error, limits)));
  });
}

function describe(error: Error, limits: FetchLimits): Error {
  if (error instanceof FeedFetchError) return error;
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return new FeedFetchError(`no answer within ${limits.timeoutMs} ms`);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof FeedFetchError) return cause;
  return new FeedFetchError(error.message || 'fetch failed');
}
