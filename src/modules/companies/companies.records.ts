import { z } from 'zod';
import { field } from '../../platform/records/fields.ts';
import type { RecordTypeDef } from '../../platform/records/record-type.ts';
import { isValidInn, isValidKpp, isValidOgrn } from './russian-ids.ts';

const sizes = ['1-10', '11-50', '51-250', '251-1000', '1000+'] as const;
export const COMPANY_SIZES = Object.fromEntries(sizes.map((s) => [s, { en: `${s} employees`, ru: `${s} сотрудников` }]));

export const companyRecordType: RecordTypeDef = {
  type: 'company',
  plural: 'companies',
  table: 'company',
  label: { en: 'Company', ru: 'Компания' },
  labelPlural: { en: 'Companies', ru: 'Компании' },
  titleField: 'name',
  subtitleField: 'city',
  fullTextSearch: { vectorColumn: 'search_vector', fields: ['name'] },
  substringSearch: { column: 'search_text', fields: ['name', 'inn', 'ogrn', 'phone', 'email'] },
  dedupeKeys: ['inn'],
  similarDuplicates: { field: 'name', threshold: 0.6, sameAny: ['city'] },
  fields: [
    field.text('name', { en: 'Name', ru: 'Название' }, { isRequired: true, isSearchable: true, isListColumn: true }),
    field.text('inn', { en: 'INN', ru: 'ИНН' }, {
      isSearchable: true, isListColumn: true,
      schema: z.string().trim().refine(isValidInn, 'Not a valid INN: 10 or 12 digits with correct check digits'),
    }),
    field.text('kpp', { en: 'KPP', ru: 'КПП' }, { schema: z.string().trim().refine(isValidKpp, 'Not a valid KPP: 9 characters, e.g. 773601001') }),
    field.text('ogrn', { en: 'OGRN', ru: 'ОГРН' }, {
      isSearchable: true,
      schema: z.string().trim().refine(isValidOgrn, 'Not a valid OGRN: 13 digits (or 15 for OGRNIP) with a correct check digit'),
    }),
    field.text('industry', { en: 'Industry', ru: 'Отрасль' }, { isListColumn: true }),
    field.select('size', { en: 'Size', ru: 'Размер' }, COMPANY_SIZES),
    field.text('city', { en: 'City', ru: 'Город' }, { isListColumn: true }),
    field.text('legal_address', { en: 'Legal address', ru: 'Юридический адрес' }),
    field.text('actual_address', { en: 'Actual address', ru: 'Фактический адрес' }),
    field.text('website', { en: 'Website', ru: 'Сайт' }, { schema: z.url().max(500) }),
    field.phone('phone', { en: 'Phone', ru: 'Телефон' }, { isSearchable: true }),
    field.email('email', { en: 'Email', ru: 'Email' }, { isSearchable: true }),
  ],
};
