import { emitEvent } from '../../platform/events/events.ts';
import { field } from '../../platform/records/fields.ts';
import { recordEventPayload } from '../../platform/records/records.service.ts';
import type { RecordTypeDef } from '../../platform/records/record-type.ts';

import type { Tx } from '../../platform/db/database.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { DEAL_STAGES } from './deal-stages.ts';
import './deals.tables.ts';

async function recordStageMove(tx: Tx, ctx: ServiceContext, dealId: string, from: string | null, to: string) {
  await tx
    .insertInto('deal_stage_history')
    .values({
      workspace_id: ctx.principal.workspaceId, deal_id: dealId, id: newId(), from_stage: from, to_stage: to,
      actor_type: ctx.principal.kind, actor_id: ctx.principal.id,
    })
    .execute();
}

export const dealRecordType: RecordTypeDef = {
  type: 'deal',
  plural: 'deals',
  table: 'deal',
  label: { en: 'Deal', ru: 'Сделка' },
  labelPlural: { en: 'Deals', ru: 'Сделки' },
  titleField: 'title',
  subtitleField: 'stage',
  fullTextSearch: { vectorColumn: 'search_vector', fields: ['title'] },
  fields: [
    field.text('title', { en: 'Title', ru: 'Название' }, { isRequired: true, isSearchable: true, isListColumn: true }),
    field.money('amount', { en: 'Amount', ru: 'Сумма' }, { isListColumn: true }),
    field.currency('currency', { en: 'Currency', ru: 'Валюта' }, { isListColumn: true, hasDefault: true }),
    field.select('stage', { en: 'Stage', ru: 'Стадия' }, Object.fromEntries(Object.entries(DEAL_STAGES).map(([key, s]) => [key, s.label])), { isListColumn: true, hasDefault: true }),
    field.reference('company_id', { en: 'Company', ru: 'Компания' }, 'company'),
    field.reference('person_id', { en: 'Contact', ru: 'Контакт' }, 'person'),
    field.date('expected_close_date', { en: 'Expected close', ru: 'Плановое закрытие' }, { isListColumn: true }),
  ],
  async onCreated(tx, ctx, row) {
    await recordStageMove(tx, ctx, row.id, null, row.stage as string);
  },
  async onUpdated(tx, ctx, before, after) {
    if (before.stage === after.stage) return;
    await tx.updateTable('deal').set({ stage_changed_at: new Date() })
      .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', after.id).execute();
    await recordStageMove(tx, ctx, after.id, before.stage as string, after.stage as string);
    await emitEvent(tx, ctx, {
      name: 'deal.stage_changed', entityType: 'deal', entityId: after.id,
      payload: { ...recordEventPayload(dealRecordType, after, { stage: { before: before.stage, after: after.stage } }), from: before.stage, to: after.stage },
    });
  },
};
