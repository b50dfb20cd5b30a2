import { sql } from 'kysely';
import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { createRecord } from '../../platform/records/records.service.ts';
import { seededRandom } from '../../platform/seeded-random.ts';
import { dealRecordType } from './deals.records.ts';
import { DEFAULT_PIPELINE } from './deal-stages.ts';
import { createPipeline } from './pipelines.service.ts';

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
  // A second pipeline, for public tenders, with stages of its own.
  const tenders = await createPipeline(service, {
    name: 'Тендеры', is_default: false, won_reasons: [], lost_reasons: ['Цена выше победителя', 'Не прошли квалификацию', 'Тендер отменён'],
    stages: [
      { key: 'announced', label: { en: 'Announced', ru: 'Объявлен' }, probability: 10, rotting_days: 10, outcome: 'open' },
      { key: 'application', label: { en: 'Application filed', ru: 'Заявка подана' }, probability: 40, rotting_days: 20, outcome: 'open' },
      { key: 'won', label: { en: 'Won', ru: 'Выигран' }, probability: 100, rotting_days: null, outcome: 'won' },
      { key: 'lost', label: { en: 'Lost', ru: 'Проигран' }, probability: 0, rotting_days: null, outcome: 'lost' },
    ],
  });
  for (let i = 0; i < count; i++) {
    const month = random.int(1, 12);
    const pipeline = i % 6 === 5 ? tenders : { id: undefined, stages: DEFAULT_PIPELINE.stages, lost_reasons: DEFAULT_PIPELINE.lostReasons };
    const stage = random.pick(pipeline.stages);
    const deal = await createRecord(service, dealRecordType, {
      title: `${random.pick(SUBJECTS)} №${100 + i}`,
      amount: String(random.int(5, 500) * 10_000),
      currency: random.chance(0.9) ? 'RUB' : random.pick(['USD', 'EUR']),
      ...(pipeline.id ? { pipeline_id: pipeline.id } : {}),
      stage: stage.key,
      close_reason: stage.outcome === 'lost' ? random.pick(pipeline.lost_reasons) : null,
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
