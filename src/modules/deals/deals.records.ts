import { emitEvent } from '../../platform/events/events.ts';
import { field } from '../../platform/records/fields.ts';
import { recordEventPayload } from '../../platform/records/records.service.ts';
import type { RecordTypeDef } from '../../platform/records/record-type.ts';

// The seed's example pipeline (S1:34). Configurable pipelines come with the sales issue.
export const DEAL_STAGES = {
  new: { en: 'New lead', ru: 'Новый лид' },
  qualification: { en: 'Qualification', ru: 'Квалификация' },
  negotiation: { en: 'Negotiation', ru: 'Переговоры' },
  won: { en: 'Won', ru: 'Успешно' },
  lost: { en: 'Lost', ru: 'Проиграна' },
} as const;

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
    field.currency('currency', { en: 'Currency', ru: 'Валюта' }, { isListColumn: true }),
    field.select('stage', { en: 'Stage', ru: 'Стадия' }, DEAL_STAGES, { isListColumn: true }),
    field.reference('company_id', { en: 'Company', ru: 'Компания' }, 'company'),
    field.reference('person_id', { en: 'Contact', ru: 'Контакт' }, 'person'),
    field.date('expected_close_date', { en: 'Expected close', ru: 'Плановое закрытие' }, { isListColumn: true }),
  ],
  async onUpdated(tx, ctx, before, after) {
    if (before.stage === after.stage) return;
    await emitEvent(tx, ctx, {
      name: 'deal.stage_changed', entityType: 'deal', entityId: after.id,
      payload: { ...recordEventPayload(dealRecordType, after, { stage: { before: before.stage, after: after.stage } }), from: before.stage, to: after.stage },
    });
  },
};
