import { sql } from 'kysely';
import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { createRecord } from '../../platform/records/records.service.ts';
import { seededRandom } from '../../platform/seeded-random.ts';
import { dealRecordType } from './deals.records.ts';
import { DEAL_STAGE_KEYS } from './deal-stages.ts';

const SUBJECTS = [
  'Поставка оборудования', 'Годовой контракт на обслуживание', 'Внедрение CRM', 'Корпоративное обучение', 'Аренда офиса',
  'Партия продукции', 'Организация конференции', 'Разработка сайта', 'Страхование автопарка', 'Корпоративный тур',
];

export async function seedDeals(ctx: DemoSeedContext, count = 120): Promise<void> {
  const random = seededRandom(3003);
  const service = { db: ctx.db, principal: systemPrincipal(ctx.workspaceId) };
  const owners = Object.values(ctx.users);
  const companies = ctx.seeded.get('company') ?? [];
  const people = ctx.seeded.get('person') ?? [];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const month = random.int(1, 12);
    const deal = await createRecord(service, dealRecordType, {
      title: `${random.pick(SUBJECTS)} №${100 + i}`,
      amount: String(random.int(5, 500) * 10_000),
      currency: random.chance(0.9) ? 'RUB' : random.pick(['USD', 'EUR']),
      stage: random.pick(DEAL_STAGE_KEYS),
      company_id: companies.length > 0 ? random.pick(companies) : null,
      person_id: people.length > 0 ? random.pick(people) : null,
      expected_close_date: `2026-${String(month).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
      owner_id: random.pick(owners),
    }, () => undefined);
    ids.push(deal.id as string);
  }
  // Demo deals entered their stage over the last six weeks, so some are rotting as in real life.
  await sql`update deal set stage_changed_at = now() - (abs(hashtext(id::text)) % 42) * interval '1 day'
    where workspace_id = ${ctx.workspaceId}`.execute(ctx.db);
  ctx.seeded.set('deal', ids);
}
