import { defineErrors } from '../../platform/errors.ts';

export const TelegramErrors = defineErrors({
  TELEGRAM_API_ERROR: { status: 502, title: 'The Telegram Bot API refused the request' },
});

/** A Bot API error that a retry will not fix: the chat is gone or the bot was blocked (400, 403). */
export interface TelegramApiError extends Error {
  isPermanent: boolean;
}

/** The Bot API methods Rapport uses, over HTTPS, against api.telegram.org or any server speaking the same API. */
export class TelegramBot {
  constructor(private readonly options: { baseUrl: string; token: string; timeoutMs?: number }) {}

  async #call<T>(method: string, body: Record<string, unknown>): Promise<T> {
    const url = `${this.options.baseUrl.replace(/\/$/, '')}/bot${this.options.token}/${method}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    });
    const answer = await response.json().catch(() => null) as { ok?: boolean; result?: T; error_code?: number; description?: string } | null;
    if (!answer?.ok) {
      const code = answer?.error_code ?? response.status;
      const error = TelegramErrors.TELEGRAM_API_ERROR({ detail: `${code}: ${answer?.description ?? response.statusText}`.slice(0, 500) });
      throw Object.assign(error, { isPermanent: code === 400 || code === 403 });
    }
    return answer.result as T;
  }

  /** Sends plain text; answers Telegram's message id. */
  async sendMessage(chatId: string, text: string): Promise<string> {
    const result = await this.#call<{ message_id: number }>('sendMessage', { chat_id: chatId, text });
    return String(result.message_id);
  }
}

/** The part of a Bot API Update that the webhook reads. */
export interface TelegramUpdate {
  update_id: number;
  message?: { message_id: number; chat: { id: number | string }; text?: string };
}
