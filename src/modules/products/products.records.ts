import type { ServiceContext } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/database.ts';
import { defineErrors } from '../../platform/errors.ts';
import { field } from '../../platform/records/fields.ts';
import type { RecordRow, RecordTypeDef } from '../../platform/records/record-type.ts';
import './products.tables.ts';

export const ProductErrors = defineErrors({
  PRODUCT_EXTERNAL_ID_TAKEN: { status: 409, title: 'Another product already has this external id' },
});

export const PRODUCT_KINDS = {
  product: { en: 'Product', ru: 'Товар' },
  service: { en: 'Service', ru: 'Услуга' },
} as const;

/** External ids are unique per workspace: exchanges (1C) find products by them. */
async function prepareProductWrite(tx: Tx, ctx: ServiceContext, values: Record<string, unknown>, before: RecordRow | null) {
  const externalId = values.external_id as string | null | undefined;
  if (externalId != null && externalId !== before?.external_id) {
    const taken = await tx.selectFrom('product').select('id').where('workspace_id', '=', ctx.principal.workspaceId)
      .where('external_id', '=', externalId).executeTakeFirst();
    if (taken) throw ProductErrors.PRODUCT_EXTERNAL_ID_TAKEN({ field: 'external_id' });
  }
  return values;
}

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
  prepareWrite: prepareProductWrite,
  fields: [
    field.text('name', { en: 'Name', ru: 'Название' }, { isRequired: true, isSearchable: true, isListColumn: true }),
    field.text('sku', { en: 'SKU', ru: 'Артикул' }, { isSearchable: true, isListColumn: true }),
    field.select('kind', { en: 'Kind', ru: 'Вид' }, PRODUCT_KINDS, { isListColumn: true, hasDefault: true }),
    field.text('category', { en: 'Category', ru: 'Категория' }, { isListColumn: true }),
    field.text('unit', { en: 'Unit', ru: 'Единица' }, { hasDefault: true }),
    field.longText('description', { en: 'Description', ru: 'Описание' }),
    field.money('price', { en: 'Base price', ru: 'Базовая цена' }, { isListColumn: true }),
    field.currency('currency', { en: 'Currency', ru: 'Валюта' }, { isListColumn: true, hasDefault: true }),
    field.text('external_id', { en: 'External id', ru: 'Внешний код' }),
    field.boolean('is_active', { en: 'On sale', ru: 'В продаже' }, { hasDefault: true }),
  ],
};
