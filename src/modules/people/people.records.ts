import { z } from 'zod';
import { field, timeZoneSchema } from '../../platform/records/fields.ts';
import type { RecordTypeDef } from '../../platform/records/record-type.ts';

export const LIFECYCLE_STAGES = {
  prospect: { en: 'Prospect', ru: 'Потенциальный' },
  lead: { en: 'Lead', ru: 'Лид' },
  customer: { en: 'Customer', ru: 'Клиент' },
  partner: { en: 'Partner', ru: 'Партнёр' },
  former: { en: 'Former', ru: 'Бывший' },
} as const;

export const GENDERS = {
  female: { en: 'Female', ru: 'Женский' },
  male: { en: 'Male', ru: 'Мужской' },
} as const;

/** A handle as people write it: "@name", "t.me/name" or "name", stored without the decoration. */
const handle = (host: RegExp) => z.string().trim().min(2).max(100)
  .transform((v) => v.replace(host, '').replace(/^@/, '').replace(/\/+$/, ''))
  .refine((v) => /^[\w.-]{2,64}$/.test(v), 'Not a valid handle: letters, digits, dots, dashes or underscores');

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
  substringSearch: { column: 'search_text', fields: ['last_name', 'first_name', 'middle_name', 'email', 'phone', 'other_emails', 'other_phones'], hasTitle: true },
  searchWords: { column: 'full_name' },
  dedupeKeys: ['email', 'phone'],
  similarDuplicates: { field: 'full_name', threshold: 0.6, sameAny: ['company_id', 'city'], narrowedBy: 'search_text' },
  linkedReferences: [
    { table: 'person_affiliation', column: 'person_id', references: 'person' },
    { table: 'person_identity', column: 'person_id', references: 'person' },
    { table: 'person_affiliation', column: 'company_id', references: 'company' },
  ],
  fields: [
    field.text('last_name', { en: 'Last name', ru: 'Фамилия' }, { isPii: true, isSearchable: true }),
    field.text('first_name', { en: 'First name', ru: 'Имя' }, { isRequired: true, isPii: true, isSearchable: true, isListColumn: true }),
    field.text('middle_name', { en: 'Middle name', ru: 'Отчество' }, { isPii: true }),
    field.email('email', { en: 'Email', ru: 'Email' }, { isPii: true, isSearchable: true, isListColumn: true }),
    field.phone('phone', { en: 'Phone', ru: 'Телефон' }, { isPii: true, isSearchable: true, isListColumn: true }),
    field.textList('other_emails', { en: 'Other emails', ru: 'Другие email' }, z.email().max(320).transform((v) => v.toLowerCase()), { isPii: true, isSearchable: true, hasDefault: true }),
    field.phoneList('other_phones', { en: 'Other phones', ru: 'Другие телефоны' }, { isPii: true, isSearchable: true, hasDefault: true }),
    field.text('telegram', { en: 'Telegram', ru: 'Telegram' }, { isPii: true, schema: handle(/^(https?:\/\/)?(t\.me|telegram\.me)\//i) }),
    field.phone('whatsapp', { en: 'WhatsApp', ru: 'WhatsApp' }, { isPii: true }),
    field.phone('viber', { en: 'Viber', ru: 'Viber' }, { isPii: true }),
    field.text('vk', { en: 'VK', ru: 'ВКонтакте' }, { isPii: true, schema: handle(/^(https?:\/\/)?(m\.)?vk\.(com|ru)\//i) }),
    field.text('job_title', { en: 'Job title', ru: 'Должность' }, { isListColumn: true }),
    field.reference('company_id', { en: 'Company', ru: 'Компания' }, 'company'),
    field.text('city', { en: 'City', ru: 'Город' }, { isPii: true, isListColumn: true }),
    field.text('address', { en: 'Address', ru: 'Адрес' }, { isPii: true }),
    field.date('birthday', { en: 'Birthday', ru: 'День рождения' }, { isPii: true }),
    field.select('gender', { en: 'Gender', ru: 'Пол' }, GENDERS, { isPii: true }),
    field.text('time_zone', { en: 'Time zone', ru: 'Часовой пояс' }, {
      schema: timeZoneSchema,
    }),
    field.text('language', { en: 'Language', ru: 'Язык' }, {
      schema: z.string().trim().toLowerCase().regex(/^[a-z]{2}(-[a-z]{2})?$/, 'Use a language code such as ru or en'),
    }),
    field.select('lifecycle_stage', { en: 'Lifecycle stage', ru: 'Стадия' }, LIFECYCLE_STAGES, { isListColumn: true, hasDefault: true }),
    field.text('source', { en: 'Source', ru: 'Источник' }),
    field.textList('tags', { en: 'Tags', ru: 'Теги' }, z.string().trim().min(1).max(50), { isListColumn: true, hasDefault: true }),
    field.longText('notes', { en: 'Notes', ru: 'Заметки' }, { isPii: true }),
  ],
};
