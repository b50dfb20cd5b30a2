import { z } from 'zod';
import { emitEvent } from '../../platform/events/events.ts';
import { field } from '../../platform/records/fields.ts';
import { recordEventPayload } from '../../platform/records/records.service.ts';
import type { OptionChoice, RecordTypeDef } from '../../platform/records/record-type.ts';

import type { Db, Tx } from '../../platform/db/database.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { newId } from '../../platform/ids.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { hasDealLines } from './deal-lines.service.ts';
import { loadPipelines, resolveDealStage } from './pipelines.service.ts';
import './deals.tables.ts';

async function recordStageMove(tx: Tx, ctx: ServiceContext, dealId: string, pipelineId: string, from: string | null, to: string) {
  await tx
    .insertInto('deal_stage_history')
    .values({
      workspace_id: ctx.principal.workspaceId, deal_id: dealId, id: newId(), pipeline_id: pipelineId, from_stage: from, to_stage: to,
      actor_type: ctx.principal.kind, actor_id: ctx.principal.id,
    })
    .execute();
}

/**
 * Each pipeline's stages, by pipeline id: a key several pipelines share (new, won) may be named
 * differently in each. '' holds the default pipeline's, where a deal made without one goes.
 */
const stagesByPipeline = async (db: Db, workspaceId: string) => {
  const sets: Record<string, OptionChoice[]> = {};
  for (const pipeline of await loadPipelines(db, workspaceId)) {
    sets[pipeline.id] = pipeline.stages.map((stage) => ({ value: stage.key, label: stage.label }));
    if (pipeline.is_default) sets[''] = sets[pipeline.id]!;
  }
  return sets;
};

export const dealRecordType: RecordTypeDef = {
  type: 'deal',
  plural: 'deals',
  table: 'deal',
  label: { en: 'Deal', ru: 'Сделка' },
  labelPlural: { en: 'Deals', ru: 'Сделки' },
  titleField: 'title',
  subtitleField: 'stage',
  fullTextSearch: { vectorColumn: 'search_vector', fields: ['title'] },
  coOwnersField: 'co_owner_ids',
  computedFields: [
    { name: 'closed_at', from: ['stage'], kind: 'datetime', label: { en: 'Closed', ru: 'Закрыта' } },
    { name: 'stage_changed_at', from: ['stage'], kind: 'datetime', label: { en: 'In stage since', ru: 'На стадии с' } },
  ],
  fields: [
    field.text('title', { en: 'Title', ru: 'Название' }, { isRequired: true, isSearchable: true, isListColumn: true }),
    field.money('amount', { en: 'Amount', ru: 'Сумма' }, { isListColumn: true }),
    field.currency('currency', { en: 'Currency', ru: 'Валюта' }, { isListColumn: true, hasDefault: true }),
    {
      name: 'pipeline_id', kind: 'select', label: { en: 'Pipeline', ru: 'Воронка' }, schema: z.uuid(), hasDefault: true,
      workspaceOptions: async (db, workspaceId) => Object.fromEntries((await loadPipelines(db, workspaceId)).map((p) => [p.id, { en: p.name, ru: p.name }])),
    },
    {
      name: 'stage', kind: 'select', label: { en: 'Stage', ru: 'Стадия' }, isListColumn: true, hasDefault: true,
      schema: z.string().regex(/^[a-z0-9_]{1,40}$/, 'Not a stage key'), dependentOptions: { field: 'pipeline_id', load: stagesByPipeline },
    },
    field.text('close_reason', { en: 'Won/lost reason', ru: 'Причина закрытия' }),
    field.reference('company_id', { en: 'Company', ru: 'Компания' }, 'company'),
    field.reference('person_id', { en: 'Contact', ru: 'Контакт' }, 'person'),
    field.date('expected_close_date', { en: 'Expected close', ru: 'Плановое закрытие' }, { isListColumn: true }),
    field.userList('co_owner_ids', { en: 'Co-owners', ru: 'Совладельцы' }),
  ],
  linkedReferences: [
    { table: 'deal_contact', column: 'person_id', references: 'person' },
    { table: 'deal_line', column: 'product_id', references: 'product' },
  ],
  async prepareWrite(tx, ctx, values, before) {
    const workspaceId = ctx.principal.workspaceId;
    // With lines, the amount is their total, priced in the deal's currency.
    if (before && ('amount' in values || ('currency' in values && values.currency !== before.currency)) && (await hasDealLines(tx, workspaceId, before.id))) {
      const field = 'amount' in values ? 'amount' : 'currency';
      throw PlatformErrors.VALIDATION_FAILED({ field, detail: `The deal has product lines: its ${field} follows them; change the lines instead` });
    }
    const isStageTouched = !before || 'stage' in values || 'pipeline_id' in values || 'close_reason' in values;
    return isStageTouched ? resolveDealStage(tx, workspaceId, values, before) : values;
  },
  async onCreated(tx, ctx, row) {
    await recordStageMove(tx, ctx, row.id, row.pipeline_id as string, null, row.stage as string);
  },
  async onUpdated(tx, ctx, before, after) {
    if (before.stage === after.stage && before.pipeline_id === after.pipeline_id) return;
    await tx.updateTable('deal').set({ stage_changed_at: new Date() })
      .where('workspace_id', '=', ctx.principal.workspaceId).where('id', '=', after.id).execute();
    await recordStageMove(tx, ctx, after.id, after.pipeline_id as string, before.pipeline_id === after.pipeline_id ? before.stage as string : null, after.stage as string);
    await emitEvent(tx, ctx, {
      name: 'deal.stage_changed', entityType: 'deal', entityId: after.id,
      payload: {
        ...recordEventPayload(dealRecordType, after, { stage: { before: before.stage, after: after.stage } }),
        from: before.stage, to: after.stage, pipeline_id: after.pipeline_id,
      },
    });
  },
};
