import { sql } from 'kysely';
import { z } from 'zod';
import { PlatformErrors } from '../../platform/errors.ts';
import { field } from '../../platform/records/fields.ts';
import type { RecordTypeDef } from '../../platform/records/record-type.ts';

export const ACTIVITY_KINDS = {
  call: { en: 'Call', ru: 'Звонок' },
  meeting: { en: 'Meeting', ru: 'Встреча' },
  email: { en: 'Email', ru: 'Письмо' },
  task: { en: 'Task', ru: 'Задача' },
  note: { en: 'Note', ru: 'Заметка' },
  request: { en: 'Incoming request', ru: 'Входящее обращение' },
} as const;
export const REQUEST_CHANNELS = {
  website: { en: 'Website', ru: 'Сайт' },
  messenger: { en: 'Messenger', ru: 'Мессенджер' },
  social: { en: 'Social network', ru: 'Соцсеть' },
  phone: { en: 'Phone', ru: 'Телефон' },
  email: { en: 'Email', ru: 'Почта' },
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
  linkedReferences: [{ table: 'activity_participant', column: 'person_id', references: 'person' }],
  assertValid(row) {
    if (row.starts_at && row.ends_at && new Date(row.ends_at as string) < new Date(row.starts_at as string)) {
      throw PlatformErrors.VALIDATION_FAILED({ field: 'ends_at', detail: 'ends_at: a meeting cannot end before it starts' });
    }
    if (row.parent_id && row.parent_id === row.id) throw PlatformErrors.VALIDATION_FAILED({ field: 'parent_id', detail: 'A task cannot be its own subtask' });
  },
  async prepareWrite(tx, ctx, values, before) {
    // A subtask hangs under a task, one level deep, so a checklist never becomes a tree to walk.
    if (values.parent_id) {
      const parent = (await sql<{ kind: string; parent_id: string | null }>`
        select kind, parent_id from activity where workspace_id = ${ctx.principal.workspaceId} and id = ${values.parent_id as string}`.execute(tx)).rows[0];
      if (!parent || parent.kind !== 'task' || parent.parent_id) {
        throw PlatformErrors.VALIDATION_FAILED({ field: 'parent_id', detail: 'A subtask belongs to a task that is not itself a subtask' });
      }
    }
    // Moving a reminder arms it again.
    if ('remind_at' in values && (!before || values.remind_at !== before.remind_at)) return { ...values, reminded_at: null };
    return values;
  },
  computedFields: [{ name: 'reminded_at', from: ['remind_at'], kind: 'datetime' }],
  fields: [
    field.select('kind', { en: 'Kind', ru: 'Тип' }, ACTIVITY_KINDS, { isRequired: true, isListColumn: true }),
    field.text('subject', { en: 'Subject', ru: 'Тема' }, { isRequired: true, isSearchable: true, isListColumn: true }),
    // Found by full-text search (search_vector), not by substring: a trigram index over long text costs too much.
    // What was said or written to a person (an email's body, call notes): personal, erased with them.
    field.longText('body', { en: 'Details', ru: 'Описание' }, { isPii: true }),
    field.select('status', { en: 'Status', ru: 'Статус' }, ACTIVITY_STATUSES, { isListColumn: true, hasDefault: true }),
    field.datetime('due_at', { en: 'Due', ru: 'Срок' }, { isListColumn: true }),
    field.user('responsible_id', { en: 'Accountable', ru: 'Отвечает за результат' }),
    field.reference('parent_id', { en: 'Parent task', ru: 'Родительская задача' }, 'activity'),
    field.datetime('remind_at', { en: 'Remind at', ru: 'Напомнить' }),
    field.select('channel', { en: 'Channel', ru: 'Канал' }, REQUEST_CHANNELS),
    field.text('thread_id', { en: 'Thread', ru: 'Цепочка писем' }, { schema: z.string().trim().min(1).max(300) }),
    field.select('direction', { en: 'Direction', ru: 'Направление' }, { inbound: { en: 'Inbound', ru: 'Входящий' }, outbound: { en: 'Outbound', ru: 'Исходящий' } }),
    field.number('duration_seconds', { en: 'Duration, s', ru: 'Длительность, с' }, { schema: z.number().int().min(0).max(7 * 86_400) }),
    field.text('recording_url', { en: 'Recording', ru: 'Запись разговора' }, { schema: z.url().max(2000), isPii: true }),
    field.text('result', { en: 'Result', ru: 'Результат' }),
    field.datetime('starts_at', { en: 'Starts', ru: 'Начало' }),
    field.datetime('ends_at', { en: 'Ends', ru: 'Окончание' }),
    field.text('place', { en: 'Place', ru: 'Место' }),
    field.longText('agenda', { en: 'Agenda', ru: 'Повестка' }, { isPii: true }),
    field.longText('minutes', { en: 'Minutes', ru: 'Протокол' }, { isPii: true }),
    field.reference('person_id', { en: 'Contact', ru: 'Контакт' }, 'person'),
    field.reference('company_id', { en: 'Company', ru: 'Компания' }, 'company'),
    field.reference('deal_id', { en: 'Deal', ru: 'Сделка' }, 'deal'),
    field.reference('lead_id', { en: 'Lead', ru: 'Лид' }, 'lead'),
  ],
};
