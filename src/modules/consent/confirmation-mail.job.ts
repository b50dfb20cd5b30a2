import type { JobDefinition } from '../../platform/jobs/jobs.ts';
import { CONFIRM_LINK_TTL_MS, signLink, type PageLanguage } from './consent-links.ts';
import { textsFor } from './consent.pages.ts';
import { findConsentPerson, SEND_CONFIRMATION_JOB } from './consent.service.ts';
import './consent.tables.ts';

interface ConfirmationMailData {
  workspace_id: string;
  entry_id: string;
}

/**
 * Mails the confirmation link of a pending double opt-in. Queued with the pending entry, keyed by
 * it; a retry after a send that went through finds it in consent_mail_sent and sends nothing.
 */
export const sendConfirmationJob: JobDefinition<ConfirmationMailData> = {
  name: SEND_CONFIRMATION_JOB,
  retryLimit: 8,
  retryDelaySeconds: 30,
  retryBackoff: true,
  async handle(data, { db, config, mailer, log }) {
    const isSent = await db.selectFrom('consent_mail_sent').select('entry_id')
      .where('workspace_id', '=', data.workspace_id).where('entry_id', '=', data.entry_id).executeTakeFirst();
    if (isSent) return;
    const entry = await db.selectFrom('consent_entry').select(['person_id', 'status'])
      .where('workspace_id', '=', data.workspace_id).where('id', '=', data.entry_id).executeTakeFirst();
    if (entry?.status !== 'pending') return;
    const person = await findConsentPerson(db, data.workspace_id, entry.person_id);
    // The address was checked when the request was recorded; one erased since has nobody to write to.
    if (!person.email) {
      log.warn({ entryId: data.entry_id }, 'confirmation not sent: the person has no email address');
      return;
    }
    const language: PageLanguage = person.language?.toLowerCase().startsWith('en') ? 'en' : 'ru';
    const token = await signLink<'confirm'>(db, config, { k: 'confirm', w: data.workspace_id, x: data.entry_id, l: language }, { ttlMs: CONFIRM_LINK_TTL_MS });
    const url = `${config.publicUrl.replace(/\/$/, '')}/c/confirm/${token}`;
    const t = textsFor(language);
    const sent = await mailer.send({
      to: person.email, subject: t.confirmSubject, text: t.confirmBody(url),
      messageId: `<consent-${data.entry_id}@${new URL(config.publicUrl).hostname}>`,
    });
    await db.insertInto('consent_mail_sent').values({ workspace_id: data.workspace_id, entry_id: data.entry_id, message_id: sent.messageId }).execute();
  },
};
