import { field } from '../../platform/records/fields.ts';
import type { RecordTypeDef } from '../../platform/records/record-type.ts';

export const ACTIVITY_KINDS = {
  call: { en: 'Call', ru: 'Звонок' },
  meeting: { en: 'Meeting', ru: 'Встреча' },
  email: { en: 'Email', ru: 'Письмо' },
  task: { en: 'Task', ru: 'Задача' },
  note: { en: 'Note', ru: 'Заметка' },
} as const;
export const ACTIVITY_STATUSES = {
  planned: { en: 'Planned', ru: 'Запланировано' },
  done: { en: 'Done', ru: 'Выполнено' },
  cancelled: { en: 'Cancelled', ru: 'Отменено' },
} as const;

export const activityRecordType: RecordTypeDef = {
  type: 'activity',
  plural: 'activities',
  table: 'activity',
  label: { en: 'Activity', ru: 'Активность' },
  labelPlural: { en: 'Activities', ru: 'Активности' },
  titleField: 'subject',
  subtitleField: 'kind',
  fullTextSearch: { vectorColumn: 'search_vector', fields: ['subject', 'body'] },
  fields: [
    field.select('kind', { en: 'Kind', ru: 'Тип' }, ACTIVITY_KINDS, { isRequired: true, isListColumn: true }),
    field.text('subject', { en: 'Subject', ru: 'Тема' }, { isRequired: true, isSearchable: true, isListColumn: true }),
    field.longText('body', { en: 'Details', ru: 'Описание' }, { isSearchable: true }),
    field.select('status', { en: 'Status', ru: 'Статус' }, ACTIVITY_STATUSES, { isListColumn: true }),
    field.datetime('due_at', { en: 'Due', ru: 'Срок' }, { isListColumn: true }),
    field.reference('person_id', { en: 'Contact', ru: 'Контакт' }, 'person'),
    field.reference('company_id', { en: 'Company', ru: 'Компания' }, 'company'),
    field.reference('deal_id', { en: 'Deal', ru: 'Сделка' }, 'deal'),
  ],
};
