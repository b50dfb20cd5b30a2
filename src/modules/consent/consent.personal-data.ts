import { sql } from 'kysely';
import { newId } from '../../platform/ids.ts';
import { recordsAsItems, type PersonalDataHook } from '../../platform/privacy/personal-data.ts';

/**
 * The ledger is append-only proof (152-FZ art. 9 part 3: the operator must prove consent was
 * given). Erasure keeps each entry as minimal, non-identifying proof: which channel and purpose,
 * granted or withdrawn, when, from which source, under which text version, tied to the
 * anonymised person's id. The IP address and browser, which could identify them, are cleared,
 * and every consent still granted or pending is withdrawn by a new entry, so nothing may be
 * sent to that id again (art. 21 part 5: processing stops).
 */
export const consentPersonalData: PersonalDataHook = {
  describe: () => [
    {
      table: 'consent_entry', columns: ['ip', 'user_agent'], erasure: 'kept_minimal',
      what: { en: 'Consents and withdrawals with proof (text version, IP address, browser, operator)', ru: 'Согласия и отзывы с доказательствами (версия текста, IP-адрес, браузер, оператор)' },
      purpose: { en: 'Proving consent to processing and to contact (152-FZ art. 9, 38-FZ art. 18)', ru: 'Доказательство согласия на обработку и на рассылки (152-ФЗ ст. 9, 38-ФЗ ст. 18)' },
      retention: { en: 'As long as the consent may need proving; erasure keeps only channel, purpose, status and times', ru: 'Пока может понадобиться доказать согласие; при удалении остаются только канал, цель, статус и даты' },
    },
    {
      table: 'consent_state', columns: ['person_id'], erasure: 'kept_minimal',
      what: { en: 'Current consent per channel and purpose', ru: 'Текущее состояние согласий по каналам и целям' },
      purpose: { en: 'Checking before every send', ru: 'Проверка перед каждой отправкой' },
      retention: { en: 'As long as the ledger', ru: 'Пока хранится журнал согласий' },
    },
  ],

  async exportSubject(ctx, subject) {
    const ws = ctx.principal.workspaceId;
    return [
      { key: 'consents', title: { en: 'Consents (ledger)', ru: 'Согласия (журнал)' }, items: await recordsAsItems(ctx.db, 'consent_entry', ws, sql`person_id = ${subject.id}`, sql`occurred_at, id`) },
      { key: 'consent_state', title: { en: 'Current consents', ru: 'Текущие согласия' }, items: await recordsAsItems(ctx.db, 'consent_state', ws, sql`person_id = ${subject.id}`, sql`channel, purpose`) },
    ];
  },

  async erase(ctx, subject, erased): Promise<Record<string, number>> {
    const people = erased.ids('person');
    if (people.length === 0 || subject.type !== 'person') return {};
    const ws = ctx.principal.workspaceId;
    const proofs = await sql`
      update consent_entry set ip = null, user_agent = null
      where workspace_id = ${ws} and person_id = ${subject.id} and (ip is not null or user_agent is not null)`.execute(ctx.db);
    const open = await sql<{ channel: string; purpose: string }>`
      select channel, purpose from consent_state where workspace_id = ${ws} and person_id = ${subject.id} and status <> 'withdrawn'`.execute(ctx.db);
    const operatorId = ctx.principal.kind === 'user' ? ctx.principal.userId : null;
    for (const { channel, purpose } of open.rows) {
      await sql`
        insert into consent_entry (workspace_id, id, person_id, channel, purpose, status, source, occurred_at, operator_id)
        values (${ws}, ${newId()}, ${subject.id}, ${channel}, ${purpose}, 'withdrawn', 'operator', now(), ${operatorId})`.execute(ctx.db);
    }
    return { consent_proof: Number(proofs.numAffectedRows ?? 0), consent_withdrawn: open.rows.length };
  },
};
