import http from 'node:http';
import { closeServer, listenOnLoopback } from './loopback-server';
import Stripe from 'stripe';

type Json = Record<string, any>;

/** Decodes Stripe's form encoding (`metadata[reservationId]=…`) into nested objects. */
function decodeForm(body: string): Json {
  const result: Json = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, '').split('[');
    let target = result;
    path.slice(0, -1).forEach((part) => (target = target[part] ??= {}));
    target[path.at(-1)!] = value;
  }
  return result;
}

/**
 * A small stand-in for Stripe's API, enough for the real `stripe` SDK: payment_intents create and retrieve,
 * refunds create. It honours idempotency keys like Stripe (same key, same answer), records them, and can be
 * told to fail the next requests.
 */
export class FakeStripe {
  readonly intents = new Map<string, Json>();
  readonly refunds = new Map<string, Json>();
  readonly requests: { method: string; path: string; idempotencyKey: string | null; body: Json }[] = [];
  private readonly replies = new Map<string, { status: number; body: Json }>();
  private failures = 0;
  private counter = 0;
  private server?: http.Server;
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const answer = () => {
          const { status, body } = this.handle(req.method ?? 'GET', req.url ?? '/', req.headers['idempotency-key'] as string | undefined, raw);
          res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${++this.counter}` });
          res.end(JSON.stringify(body));
        };
        if (this.holding && req.url?.split('?')[0] === this.holding) {
          this.held.push(answer);
          for (const wake of this.heldWaiters.splice(0)) wake();
        } else {
          answer();
        }
      });
    });
    this.port = await listenOnLoopback(this.server);
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The next `count` requests get HTTP `status` (an outage). */
  failNext(count: number, status = 500): void {
    this.failures = count;
    this.failStatus = status;
  }

  private failStatus = 500;
  private holding: string | null = null;
  private readonly held: (() => void)[] = [];
  private readonly heldWaiters: (() => void)[] = [];

  /** Requests to `path` wait unanswered (a slow Stripe) until `release()`. */
  hold(path: string): void {
    this.holding = path;
  }

  waitForHeld(): Promise<void> {
    return this.held.length ? Promise.resolve() : new Promise((resolve) => this.heldWaiters.push(resolve));
  }

  /** Answers the held requests and stops holding. */
  release(): void {
    this.holding = null;
    for (const answer of this.held.splice(0)) answer();
  }

  peekNextIntentId(): string {
    return `pi_fake_${this.intents.size + 1}`;
  }

  idempotencyKeys(path: string): string[] {
    return this.requests.filter((r) => r.path === path && r.idempotencyKey).map((r) => r.idempotencyKey!);
  }

  private handle(method: string, url: string, idempotencyKey: string | undefined, raw: string): { status: number; body: Json } {
    const path = url.split('?')[0]!;
    const body = decodeForm(raw);
    this.requests.push({ method, path, idempotencyKey: idempotencyKey ?? null, body });
    if (this.failures > 0) {
      this.failures -= 1;
      return { status: this.failStatus, body: { error: { type: 'api_error', message: 'Fake Stripe is down' } } };
    }
    const replayKey = idempotencyKey ? `${method} ${path} ${idempotencyKey}` : null;
    const replay = replayKey ? this.replies.get(replayKey) : undefined;
    if (replay) return replay;
    const reply = this.route(method, path, body);
    if (replayKey && reply.status < 500) this.replies.set(replayKey, reply);
    return reply;
  }

  private route(method: string, path: string, body: Json): { status: number; body: Json } {
    if (method === 'POST' && path === '/v1/payment_intents') {
      const id = `pi_fake_${this.intents.size + 1}`;
      const intent = {
        id, object: 'payment_intent', amount: Number(body['amount']), currency: body['currency'], status: 'requires_payment_method',
        client_secret: `${id}_secret_fake`, metadata: body['metadata'] ?? {}, livemode: false,
      };
      this.intents.set(id, intent);
      return { status: 200, body: intent };
    }
    const retrieve = /^\/v1\/payment_intents\/([\w]+)$/.exec(path);
    if (method === 'GET' && retrieve) {
      const intent = this.intents.get(retrieve[1]!);
      return intent ? { status: 200, body: intent } : { status: 404, body: { error: { type: 'invalid_request_error', message: 'No such payment_intent' } } };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const id = `re_fake_${this.refunds.size + 1}`;
      const refund = { id, object: 'refund', amount: Number(body['amount']), payment_intent: body['payment_intent'], status: 'succeeded', metadata: body['metadata'] ?? {} };
      this.refunds.set(id, refund);
      return { status: 200, body: refund };
    }
    return { status: 404, body: { error: { type: 'invalid_request_error', message: `Unknown route ${method} ${path}` } } };
  }
}

let events = 0;

/** A webhook delivery as Stripe would send it: the JSON body and its Stripe-Signature header. */
export function signedEvent(secret: string, type: string, object: Json, id = `evt_fake_${++events}_${Date.now()}`) {
  const payload = JSON.stringify({ id, object: 'event', type, api_version: '2025-01-01', created: Math.floor(Date.now() / 1000), data: { object } });
  const signature = new Stripe('sk_test_signing').webhooks.generateTestHeaderString({ payload, secret });
  return { id, payload, signature };
}
