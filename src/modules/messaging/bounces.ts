import { simpleParser } from 'mailparser';
import type { Db } from '../../platform/db/database.ts';
import { isUuid } from '../../platform/ids.ts';
import { MessagingErrors, moveMessage, suppressAddress } from './messaging.service.ts';
import './messaging.tables.ts';

interface FailedRecipient {
  address: string;
  status: string;
}

/**
 * The per-recipient fields of a message/delivery-status part (RFC 3464 §2.3): header-style
 * blocks separated by blank lines, the first about the message, the rest one per recipient.
 */
function failedRecipients(deliveryStatus: string): FailedRecipient[] {
  const blocks = deliveryStatus.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ').split(/\n\s*\n/);
  const failed: FailedRecipient[] = [];
  for (const block of blocks) {
    const fields = new Map(block.split('\n').map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as const;
    }));
    const recipient = fields.get('final-recipient') ?? fields.get('original-recipient');
    if (!recipient || fields.get('action')?.toLowerCase() !== 'failed') continue;
    // "rfc822; someone@example.com"
    const address = recipient.slice(recipient.indexOf(';') + 1).trim().toLowerCase();
    if (address.includes('@')) failed.push({ address, status: fields.get('status') ?? '5.0.0' });
  }
  return failed;
}

/** Our message id, from the returned original's Message-ID (`<id@host>`) or X-Rapport-Message-Id header. */
function originalMessageId(original: string): string | null {
  const match = /^(?:Message-ID:\s*<|X-Rapport-Message-Id:\s*)([0-9a-f-]{36})/im.exec(original);
  return match && isUuid(match[1]!) ? match[1]! : null;
}

/**
 * Reads a bounce (a DSN, RFC 3464 multipart/report) and, for each recipient that failed for
 * good: suppresses the address and marks the message it answers 'bounced'. Delays are ignored.
 */
export async function applyBounce(db: Db, workspaceId: string, raw: string | Buffer): Promise<{ suppressed: string[]; bounced_message_ids: string[] }> {
  // Without keepDeliveryStatus mailparser folds the report into the text body.
  const mail = await simpleParser(raw, { keepDeliveryStatus: true });
  const parts = mail.attachments ?? [];
  const status = parts.find((p) => p.contentType === 'message/delivery-status' || p.contentType === 'message/global-delivery-status');
  if (!status) throw MessagingErrors.MESSAGING_DSN_INVALID({ field: 'body', detail: 'No message/delivery-status part' });
  const recipients = failedRecipients(status.content.toString('utf8'));
  const original = parts.find((p) => p.contentType === 'message/rfc822' || p.contentType === 'text/rfc822-headers');
  const messageId = original ? originalMessageId(original.content.toString('utf8')) : null;
  const bounced: string[] = [];
  for (const recipient of recipients) {
    await suppressAddress(db, workspaceId, { channel: 'email', address: recipient.address, reason: `bounce ${recipient.status}`, messageId });
  }
  if (messageId && recipients.length > 0) {
    const isMoved = await moveMessage(db, workspaceId, messageId, 'bounced', {
      from: ['sending', 'sent', 'delivered', 'opened', 'clicked'], detail: recipients.map((r) => `${r.address} ${r.status}`).join(', '),
    });
    if (isMoved) bounced.push(messageId);
  }
  return { suppressed: recipients.map((r) => r.address), bounced_message_ids: bounced };
}
