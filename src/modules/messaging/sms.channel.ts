import { defineErrors } from '../../platform/errors.ts';

/** An SMS gateway. `ref` is our message id: a provider that dedupes by it makes a retry harmless. */
export interface SmsProvider {
  send(to: string, text: string, ref: string): Promise<string>;
}

export const SmsErrors = defineErrors({
  SMS_PROVIDER_REJECTED: { status: 502, title: 'The SMS provider refused the message' },
});

/**
 * A generic JSON-over-HTTP gateway, shaped like SMS.ru's or SMSC's JSON APIs: POST
 * `{to, text, ref, sender}` with a bearer token, answered by `{id}`. A 4xx answer is permanent.
 */
export class HttpSmsProvider implements SmsProvider {
  constructor(private readonly options: { url: string; token: string | null; sender: string | null; timeoutMs?: number }) {}

  async send(to: string, text: string, ref: string): Promise<string> {
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
      },
      body: JSON.stringify({ to, text, ref, ...(this.options.sender ? { sender: this.options.sender } : {}) }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    });
    const body = await response.json().catch(() => null) as { id?: unknown; error?: unknown } | null;
    if (!response.ok) {
      const error = SmsErrors.SMS_PROVIDER_REJECTED({ detail: `HTTP ${response.status}: ${String(body?.error ?? '')}`.slice(0, 500) });
      throw Object.assign(error, { isPermanent: response.status >= 400 && response.status < 500 });
    }
    if (typeof body?.id !== 'string' && typeof body?.id !== 'number') throw SmsErrors.SMS_PROVIDER_REJECTED({ detail: 'The provider answered without an id' });
    return String(body.id);
  }
}
