import { z } from 'zod';
import { PlatformErrors } from '../../platform/errors.ts';
import { field } from '../../platform/records/fields.ts';
import type { RecordTypeDef } from '../../platform/records/record-type.ts';
import { assignNewLead } from './lead-distribution.ts';
import { markFirstContact } from './lead-contact.ts';
import './leads.tables.ts';

export const LEAD_CHANNELS = {
  website: { en: 'Website', ru: 'Сайт' },
  messenger: { en: 'Messenger', ru: 'Мессенджер' },
  social: { en: 'Social network', ru: 'Соцсеть' },
  phone: { en: 'Phone', ru: 'Телефон' },
  email: { en: 'Email', ru: 'Email' },
  referral: { en: 'Referral', ru: 'Рекомендация' },
  other: { en: 'Other', ru: 'Другое' },
} as const;

export const LEAD_STATUSES = {
  new: { en: 'New', ru: 'Новый' },
  contacted: { en: 'Contacted', ru: 'Связались' },
  qualified: { en: 'Qualified', ru: 'Квалифицирован' },
  disqualified: { en: 'Disqualified', ru: 'Отклонён' },
  converted: { en: 'Converted', ru: 'Конвертирован' },
} as const;

export const leadRecordType: RecordTypeDef = {
  type: 'lead',
  plural: 'leads',
  table: 'lead',
  label: { en: 'Lead', ru: 'Лид' },
  labelPlural: { en: 'Leads', ru: 'Лиды' },
  titleField: 'full_name',
  subtitleField: 'company_name',
  fullTextSearch: { vectorColumn: 'search_vector', fields: ['last_name', 'first_name', 'middle_name', 'company_name'] },
  substringSearch: { column: 'search_text', fields: ['last_name', 'first_name', 'company_name', 'email', 'phone'] },
  computedFields: [
    { name: 'full_name', from: ['last_name', 'first_name', 'middle_name'], isGenerated: true },
    { name: 'assigned_at', from: [], kind: 'datetime', label: { en: 'Assigned', ru: 'Назначен' } },
    { name: 'first_response_due_at', from: [], kind: 'datetime', label: { en: 'Respond by', ru: 'Ответить до' } },
    { name: 'first_contacted_at', from: [], kind: 'datetime', label: { en: 'First contact', ru: 'Первый контакт' } },
    { name: 'is_sla_breached', from: [], kind: 'boolean', label: { en: 'Response overdue', ru: 'Ответ просрочен' } },
    { name: 'reassign_count', from: [], kind: 'number', label: { en: 'Reassignments', ru: 'Переназначений' } },
    { name: 'converted_at', from: [], kind: 'datetime', label: { en: 'Converted', ru: 'Конвертирован' } },
    { name: 'person_id', from: [], kind: 'reference', references: 'person', label: { en: 'Contact', ru: 'Контакт' } },
    { name: 'company_id', from: [], kind: 'reference', references: 'company', label: { en: 'Company', ru: 'Компания' } },
    { name: 'deal_id', from: [], kind: 'reference', references: 'deal', label: { en: 'Deal', ru: 'Сделка' } },
  ],
  dedupeKeys: ['email', 'phone'],
  similarDuplicates: { field: 'full_name', threshold: 0.6, sameAny: ['company_name'] },
  fields: [
    field.text('last_name', { en: 'Last name', ru: 'Фамилия' }, { isPii: true, isSearchable: true }),
    field.text('first_name', { en: 'First name', ru: 'Имя' }, { isRequired: true, isPii: true, isSearchable: true, isListColumn: true }),
    field.text('middle_name', { en: 'Middle name', ru: 'Отчество' }, { isPii: true }),
    field.text('company_name', { en: 'Company', ru: 'Компания' }, { isSearchable: true, isListColumn: true }),
    field.email('email', { en: 'Email', ru: 'Email' }, { isPii: true, isSearchable: true, isListColumn: true }),
    field.phone('phone', { en: 'Phone', ru: 'Телефон' }, { isPii: true, isSearchable: true, isListColumn: true }),
    field.select('channel', { en: 'Channel', ru: 'Канал' }, LEAD_CHANNELS, { isListColumn: true, hasDefault: true }),
    field.text('source', { en: 'Source', ru: 'Источник' }),
    field.text('region', { en: 'Region', ru: 'Регион' }),
    field.text('product_interest', { en: 'Product of interest', ru: 'Интересующий продукт' }),
    field.longText('message', { en: 'Message', ru: 'Сообщение' }, { isPii: true }),
    {
      ...field.select('status', { en: 'Status', ru: 'Статус' }, LEAD_STATUSES, { isListColumn: true, hasDefault: true }),
      // Only conversion (POST /leads/{id}/convert) makes a lead converted: it creates the customer and the deal.
      schema: z.enum(['new', 'contacted', 'qualified', 'disqualified'], { error: 'Convert the lead to mark it converted' }),
    },
    field.text('disqualify_reason', { en: 'Disqualification reason', ru: 'Причина отказа' }),
  ],
  assignOwner: assignNewLead,
  async onUpdated(tx, ctx, before, after) {
    // Moving a lead on from "new" by hand counts as the first contact.
    if (before.status === 'new' && after.status !== 'new' && !after.first_contacted_at) {
      await markFirstContact(tx, ctx, after.id, new Date(), 'status');
    }
  },
  assertValid(row) {
    if (row.status === 'disqualified' && !row.disqualify_reason) {
      throw PlatformErrors.VALIDATION_FAILED({ field: 'disqualify_reason', detail: 'disqualify_reason: say why the lead is disqualified' });
    }
  },
};
