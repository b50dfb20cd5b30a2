import { field } from '../../platform/records/fields.ts';
import type { RecordTypeDef } from '../../platform/records/record-type.ts';

export const PRODUCT_KINDS = {
  product: { en: 'Product', ru: 'Товар' },
  service: { en: 'Service', ru: 'Услуга' },
} as const;

export const productRecordType: RecordTypeDef = {
  type: 'product',
  plural: 'products',
  table: 'product',
  label: { en: 'Product', ru: 'Товар' },
  labelPlural: { en: 'Products', ru: 'Товары и услуги' },
  titleField: 'name',
  subtitleField: 'sku',
  fullTextSearch: { vectorColumn: 'search_vector', fields: ['name', 'category'] },
  substringSearch: { column: 'search_text', fields: ['name', 'sku'] },
  dedupeKeys: ['sku'],
  fields: [
    field.text('name', { en: 'Name', ru: 'Название' }, { isRequired: true, isSearchable: true, isListColumn: true }),
    field.text('sku', { en: 'SKU', ru: 'Артикул' }, { isSearchable: true, isListColumn: true }),
    field.select('kind', { en: 'Kind', ru: 'Вид' }, PRODUCT_KINDS, { isListColumn: true, hasDefault: true }),
    field.text('category', { en: 'Category', ru: 'Категория' }, { isListColumn: true }),
    field.text('unit', { en: 'Unit', ru: 'Единица' }, { hasDefault: true }),
    field.longText('description', { en: 'Description', ru: 'Описание' }),
    field.money('price', { en: 'Base price', ru: 'Базовая цена' }, { isListColumn: true }),
    field.currency('currency', { en: 'Currency', ru: 'Валюта' }, { isListColumn: true, hasDefault: true }),
    field.boolean('is_active', { en: 'On sale', ru: 'В продаже' }, { hasDefault: true }),
  ],
};
