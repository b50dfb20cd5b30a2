import { field } from '../../platform/records/fields.ts';
import type { RecordTypeDef } from '../../platform/records/record-type.ts';

export const LIFECYCLE_STAGES = {
  prospect: { en: 'Prospect', ru: 'Потенциальный' },
  lead: { en: 'Lead', ru: 'Лид' },
  customer: { en: 'Customer', ru: 'Клиент' },
  partner: { en: 'Partner', ru: 'Партнёр' },
  former: { en: 'Former', ru: 'Бывший' },
} as const;

export const personRecordType: RecordTypeDef = {
  type: 'person',
  plural: 'people',
  table: 'person',
  label: { en: 'Person', ru: 'Контакт' },
  labelPlural: { en: 'People', ru: 'Контакты' },
  titleField: 'full_name',
  subtitleField: 'email',
  computedFields: [{ name: 'full_name', from: ['last_name', 'first_name', 'middle_name'], isGenerated: true }],
  fullTextSearch: { vectorColumn: 'search_vector', fields: ['last_name', 'first_name', 'middle_name'] },
  substringSearch: { column: 'search_text', fields: ['last_name', 'first_name', 'email', 'phone'] },
  dedupeKeys: ['email', 'phone'],
  similarDuplicates: { field: 'full_name', threshold: 0.6, sameAny: ['company_id', 'city'] },
  fields: [
    field.text('last_name', { en: 'Last name', ru: 'Фамилия' }, { isPii: true, isSearchable: true }),
    field.text('first_name', { en: 'First name', ru: 'Имя' }, { isRequired: true, isPii: true, isSearchable: true, isListColumn: true }),
    field.text('middle_name', { en: 'Middle name', ru: 'Отчество' }, { isPii: true }),
    field.email('email', { en: 'Email', ru: 'Email' }, { isPii: true, isSearchable: true, isListColumn: true }),
    field.phone('phone', { en: 'Phone', ru: 'Телефон' }, { isPii: true, isSearchable: true, isListColumn: true }),
    field.text('job_title', { en: 'Job title', ru: 'Должность' }, { isListColumn: true }),
    field.reference('company_id', { en: 'Company', ru: 'Компания' }, 'company'),
    field.text('city', { en: 'City', ru: 'Город' }, { isPii: true, isListColumn: true }),
    field.date('birthday', { en: 'Birthday', ru: 'День рождения' }, { isPii: true }),
    field.select('lifecycle_stage', { en: 'Lifecycle stage', ru: 'Стадия' }, LIFECYCLE_STAGES, { isListColumn: true, hasDefault: true }),
    field.text('source', { en: 'Source', ru: 'Источник' }),
    field.longText('notes', { en: 'Notes', ru: 'Заметки' }, { isPii: true }),
  ],
};
