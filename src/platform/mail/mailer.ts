import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import nodemailer from 'nodemailer';
import type { Logger } from '../logger';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
  /** Stable per event and recipient: the file name locally, a custom argument at SendGrid. */
  idempotencyKey: string;
}

export interface Mailer {
  readonly kind: 'sendgrid' | 'local outbox';
  send(message: MailMessage): Promise<void>;
}

/** Real email through SendGrid's SDK (`SENDGRID_API_BASE` points it elsewhere, e.g. a test fake). */
export class SendGridMailer implements Mailer {
  readonly kind = 'sendgrid';
  private readonly mail = new MailService();

  constructor(
    apiKey: string,
    private readonly from: string,
    apiBase?: string,
  ) {
    // Our own client, not the SDK's shared singleton; setApiKey resets the base URL, so it comes first.
    const client = new Client();
    client.setApiKey(apiKey);
    if (apiBase) client.setDefaultRequest('baseUrl', apiBase);
    // Passed through to axios; the SDK's types do not list it.
    client.setDefaultRequest({ timeout: 15_000 } as unknown as Parameters<Client['setDefaultRequest']>[0]);
    this.mail.setClient(client);
  }

  async send(message: MailMessage): Promise<void> {
    await this.mail.send({
      to: message.to,
      from: this.from,
      subject: message.subject,
      text: message.text,
      html: message.html,
      customArgs: { idempotencyKey: message.idempotencyKey },
      attachments: message.attachments?.map((a) => ({
        filename: a.filename,
        type: a.contentType,
        content: a.content.toString('base64'),
        disposition: 'attachment',
      })),
    });
  }
}

/** Development without SendGrid: each message becomes an .eml file a developer can open, and a log line. */
export class LocalOutboxMailer implements Mailer {
  readonly kind = 'local outbox';
  private readonly composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(
    private readonly directory: string,
    private readonly from: string,
    private readonly log: Logger,
  ) {}

  async send(message: MailMessage): Promise<void> {
    const info = await this.composer.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: message.attachments,
    });
    await mkdir(this.directory, { recursive: true });
    const file = path.join(this.directory, `${message.idempotencyKey.replace(/[^\w.-]+/g, '_')}.eml`);
    await writeFile(file, info.message as Buffer);
    this.log.info({ to: message.to, subject: message.subject, file }, 'email written to the local outbox');
  }
}
