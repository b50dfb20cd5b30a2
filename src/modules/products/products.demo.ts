import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { createRecord } from '../../platform/records/records.service.ts';
import { createPriceList, setPriceListItems } from './price-lists.service.ts';
import { productRecordType } from './products.records.ts';

const CATALOGUE: { name: string; sku: string; kind: 'product' | 'service'; category: string; unit: string; price: number }[] = [
  { name: 'Лицензия CRM, 1 пользователь', sku: 'LIC-CRM-1', kind: 'service', category: 'Лицензии', unit: 'мес', price: 1_500 },
  { name: 'Внедрение CRM', sku: 'SRV-IMPL', kind: 'service', category: 'Услуги', unit: 'проект', price: 250_000 },
  { name: 'Обучение сотрудников', sku: 'SRV-TRAIN', kind: 'service', category: 'Услуги', unit: 'день', price: 45_000 },
  { name: 'Техническая поддержка 24/7', sku: 'SRV-SUP', kind: 'service', category: 'Услуги', unit: 'мес', price: 30_000 },
  { name: 'Ноутбук 14"', sku: 'HW-NB14', kind: 'product', category: 'Оборудование', unit: 'шт', price: 89_900 },
  { name: 'Монитор 27"', sku: 'HW-MON27', kind: 'product', category: 'Оборудование', unit: 'шт', price: 32_500 },
  { name: 'IP-телефон', sku: 'HW-IPPH', kind: 'product', category: 'Оборудование', unit: 'шт', price: 7_800 },
  { name: 'Гарнитура', sku: 'HW-HSET', kind: 'product', category: 'Оборудование', unit: 'шт', price: 4_200 },
  { name: 'Сервер стоечный', sku: 'HW-SRV1U', kind: 'product', category: 'Оборудование', unit: 'шт', price: 415_000 },
  { name: 'Аренда переговорной', sku: 'SRV-ROOM', kind: 'service', category: 'Аренда', unit: 'час', price: 2_500 },
];

export async function seedProducts(ctx: DemoSeedContext): Promise<void> {
  const service = { db: ctx.db, principal: systemPrincipal(ctx.workspaceId) };
  const ids: string[] = [];
  for (const item of CATALOGUE) {
    const product = await createRecord(service, productRecordType, { ...item, price: String(item.price), currency: 'RUB' }, () => undefined);
    ids.push(product.id as string);
  }
  // Dealer prices in roubles, and an export list in euros.
  const dealers = await createPriceList(service, { name: 'Дилерский', currency: 'RUB', is_default: false });
  await setPriceListItems(service, dealers.id, { items: CATALOGUE.map((item) => ({ sku: item.sku, price: (item.price * 0.85).toFixed(2) })) });
  const euro = await createPriceList(service, { name: 'Экспорт (EUR)', currency: 'EUR', is_default: true });
  await setPriceListItems(service, euro.id, { items: CATALOGUE.map((item) => ({ sku: item.sku, price: (item.price / 95).toFixed(2) })) });
  ctx.seeded.set('product', ids);
}
