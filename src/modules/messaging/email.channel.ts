import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../platform/config.ts';
import type { MessagingSettings } from './messaging.settings.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Stable per message, so a retry after a crash is recognisably the same mail. */
  messageId: string;
  headers: Record<string, string>;
}

/** An SMTP answer that will not change on retry (5xx): the message fails at once. */
export const isPermanentSmtpError = (error: unknown) => {
  const code = (error as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
};

interface PooledTransport {
  key: string;
  transport: Transporter;
}

/**
 * One pooled SMTP transport per workspace, made again when its settings change. nodemailer's
 * pool keeps maxConnections open and sends at most rateLimit messages per rateDelta (1 s), which
 * is the per-provider rate limit; DKIM signs each message when a key is configured.
 */
export class EmailChannel {
  readonly #transports = new Map<string, PooledTransport>();

  constructor(private readonly config: Config) {}

  get isConfigured(): boolean {
    return !!this.config.smtpHost;
  }

  #transportFor(workspaceId: string, settings: MessagingSettings): Transporter {
    const { email, secrets } = settings;
    const dkim = email.dkim_domain && email.dkim_selector && secrets.dkimPrivateKey
      ? { domainName: email.dkim_domain, keySelector: email.dkim_selector, privateKey: secrets.dkimPrivateKey }
      : undefined;
    const key = JSON.stringify([email.max_connections, email.rate_per_second, dkim]);
    const existing = this.#transports.get(workspaceId);
    if (existing?.key === key) return existing.transport;
    existing?.transport.close();
    const transport = nodemailer.createTransport({
      host: this.config.smtpHost,
      port: this.config.smtpPort,
      secure: this.config.isSmtpSecure,
      ...(this.config.smtpUser ? { auth: { user: this.config.smtpUser, pass: this.config.smtpPassword ?? '' } } : {}),
      pool: true,
      maxConnections: email.max_connections,
      rateDelta: 1000,
      rateLimit: email.rate_per_second,
      ...(dkim ? { dkim } : {}),
    });
    this.#transports.set(workspaceId, { key, transport });
    return transport;
  }

  async send(workspaceId: string, settings: MessagingSettings, mail: OutgoingEmail): Promise<string> {
    const transport = this.#transportFor(workspaceId, settings);
    const info = await transport.sendMail({ from: settings.email.from ?? this.config.mailFrom, ...mail });
    return info.messageId;
  }

  close(): void {
    for (const { transport } of this.#transports.values()) transport.close();
    this.#transports.clear();
  }
}
