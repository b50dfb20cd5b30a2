import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post. */
  headers?: Record<string, string>;
  /**
   * A stable Message-ID (`<key@host>`) for a message that may be retried: a receiver that already
   * has it can tell the retry is the same message.
   */
  messageId?: string;
}

export interface SentMail {
  messageId: string;
}

/** Outgoing mail for every module; jobs send through it so a failed send is retried. */
export interface Mailer {
  readonly from: string;
  send(message: MailMessage): Promise<SentMail>;
  close(): void;
}

/**
 * SMTP when a host is configured. Without one (development) nodemailer's JSON transport builds the
 * whole message and the mailer logs it instead of sending, so links in it can still be followed.
 */
export function createMailer(config: Config, log: Logger): Mailer {
  const isSmtp = !!config.smtpHost;
  const transport: Transporter = isSmtp
    ? nodemailer.createTransport({
      host: config.smtpHost,
      port: config.smtpPort,
      secure: config.isSmtpSecure,
      ...(config.smtpUser ? { auth: { user: config.smtpUser, pass: config.smtpPassword ?? '' } } : {}),
    })
    : nodemailer.createTransport({ jsonTransport: true });
  return {
    from: config.mailFrom,
    async send(message) {
      const info = await transport.sendMail({ from: config.mailFrom, ...message });
      if (!isSmtp) log.info({ mail: { to: message.to, subject: message.subject, text: message.text } }, 'mail not sent: no SMTP host is configured');
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
