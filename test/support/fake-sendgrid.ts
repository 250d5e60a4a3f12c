import http from 'node:http';
import { closeServer, listenOnLoopback } from './loopback-server';

export interface SentMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; type: string; content: Buffer }[];
  idempotencyKey: string | undefined;
}

/**
 * A stand-in for SendGrid's v3 mail/send, for the real @sendgrid/mail SDK: it records accepted messages
 * (202), can fail the next requests, or hold them open (a worker killed mid-send).
 */
export class FakeSendGrid {
  readonly accepted: SentMail[] = [];
  requests = 0;
  private failures = 0;
  private failStatus = 500;
  private hanging = false;
  private readonly held: http.ServerResponse[] = [];
  private readonly heldAnswers = new Map<http.ServerResponse, () => void>();
  private readonly heldWaiters: (() => void)[] = [];
  private server?: http.Server;
  port = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => this.handle(req, res, raw));
    });
    this.port = await listenOnLoopback(this.server);
  }

  stop(): Promise<void> {
    for (const res of this.held) res.socket?.destroy();
    return closeServer(this.server);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  failNext(count: number, status = 500): void {
    this.failures = count;
    this.failStatus = status;
  }

  /** Hold requests open without answering until released or dropped. */
  hold(on: boolean): void {
    this.hanging = on;
  }

  waitForHeld(): Promise<void> {
    return this.held.length ? Promise.resolve() : new Promise((resolve) => this.heldWaiters.push(resolve));
  }

  /** Stops holding and answers the held requests as usual. */
  releaseHeld(): void {
    this.hanging = false;
    for (const res of this.held.splice(0)) this.heldAnswers.get(res)?.();
    this.heldAnswers.clear();
  }

  /** Drops the held connections unanswered, as a crashed sender would leave them. */
  dropHeld(): void {
    for (const res of this.held.splice(0)) res.socket?.destroy();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
    this.requests += 1;
    if (req.method !== 'POST' || req.url !== '/v3/mail/send') {
      res.writeHead(404).end(JSON.stringify({ errors: [{ message: 'not found' }] }));
      return;
    }
    if (this.hanging) {
      this.held.push(res);
      this.heldAnswers.set(res, () => this.handle(req, res, raw));
      for (const wake of this.heldWaiters.splice(0)) wake();
      return;
    }
    if (this.failures > 0) {
      this.failures -= 1;
      res.writeHead(this.failStatus, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'Fake SendGrid is down' }] }));
      return;
    }
    const body = JSON.parse(raw);
    const personalization = body.personalizations?.[0] ?? {};
    const content = (type: string) => body.content?.find((c: { type: string }) => c.type === type)?.value ?? '';
    this.accepted.push({
      to: personalization.to?.[0]?.email,
      subject: body.subject ?? personalization.subject,
      text: content('text/plain'),
      html: content('text/html'),
      attachments: (body.attachments ?? []).map((a: { filename: string; type: string; content: string }) => ({
        filename: a.filename,
        type: a.type,
        content: Buffer.from(a.content, 'base64'),
      })),
      idempotencyKey: body.custom_args?.idempotencyKey ?? personalization.custom_args?.idempotencyKey,
    });
    res.writeHead(202).end();
  }
}
