import { sql } from 'kysely';
import { SYSTEM_PRINCIPAL_ID, systemPrincipal } from '../../platform/auth/permissions.ts';
import { newId } from '../../platform/ids.ts';
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
  const journeys: DemoJourney[] = [];
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
    journeys.push({ id: deal.id as string, pipelineId: (deal.pipeline_id as string), stages: pipeline.stages, stage: stage.key });
  }
  // Demo deals entered their stage over the last six weeks, so some are rotting as in real life.
  await sql`update deal set stage_changed_at = now() - (abs(hashtext(id::text)) % 42) * interval '1 day'
    where workspace_id = ${ctx.workspaceId}`.execute(ctx.db);
  await spreadStageHistory(ctx, journeys);
  ctx.seeded.set('deal', ids);
}

interface DemoJourney {
  id: string;
  pipelineId: string;
  stages: { key: string; outcome: string }[];
  stage: string;
}

const DAY_MS = 86_400_000;

/**
 * Gives each demo deal a past, so the funnel, time in stage and forecasts have something to show:
 * it walked through the open stages in order to where it is now, spending days in each; lost
 * deals mostly dropped out at the second stage; closed deals closed over the last half year, and
 * open ones are expected to close within the next. Its own random sequence leaves the deals as they were.
 */
async function spreadStageHistory(ctx: DemoSeedContext, journeys: DemoJourney[]): Promise<void> {
  if (journeys.length === 0) return;
  const random = seededRandom(3004);
  const inStage = await sql<{ id: string; stage_changed_at: Date }>`
    select id, stage_changed_at from deal where workspace_id = ${ctx.workspaceId} and id in (${sql.join(journeys.map((j) => j.id))})`.execute(ctx.db);
  const enteredAt = new Map(inStage.rows.map((row) => [row.id, new Date(row.stage_changed_at).getTime()]));
  const moves: { workspace_id: string; deal_id: string; id: string; pipeline_id: string; from_stage: string | null; to_stage: string; changed_at: Date; actor_type: string; actor_id: string }[] = [];
  const dates: ReturnType<typeof sql>[] = [];
  for (const journey of journeys) {
    const open = journey.stages.filter((s) => s.outcome === 'open').map((s) => s.key);
    const outcome = journey.stages.find((s) => s.key === journey.stage)!.outcome;
    const lostAt = open.length > 1 && random.chance(0.5) ? 1 : random.int(0, open.length - 1);
    const path = outcome === 'open' ? open.slice(0, open.indexOf(journey.stage) + 1)
      : outcome === 'won' ? [...open, journey.stage] : [...open.slice(0, lostAt + 1), journey.stage];
    const last = outcome === 'open' ? enteredAt.get(journey.id)! : Date.now() - random.int(1, 180) * DAY_MS - random.int(0, 8) * 3_600_000;
    // Walking back from the last move: a few days in the first stage, longer further down the pipeline.
    const times = [last];
    for (let i = path.length - 2; i >= 0; i--) times.unshift(times[0]! - (random.int(1, 6) + i * random.int(2, 6)) * DAY_MS - random.int(0, 8) * 3_600_000);
    path.forEach((stage, i) => moves.push({
      workspace_id: ctx.workspaceId, deal_id: journey.id, id: newId(), pipeline_id: journey.pipelineId, from_stage: i > 0 ? path[i - 1]! : null,
      to_stage: stage, changed_at: new Date(times[i]!), actor_type: 'system', actor_id: SYSTEM_PRINCIPAL_ID,
    }));
    const closedAt = outcome === 'open' ? null : new Date(last);
    const expectedClose = outcome === 'open' ? new Date(Date.now() + random.int(5, 180) * DAY_MS) : new Date(last);
    dates.push(sql`(${journey.id}::uuid, ${new Date(times[0]!)}::timestamptz, ${new Date(last)}::timestamptz, ${closedAt}::timestamptz, ${expectedClose.toISOString().slice(0, 10)}::date)`);
  }
  await sql`delete from deal_stage_history where workspace_id = ${ctx.workspaceId} and deal_id in (${sql.join(journeys.map((j) => j.id))})`.execute(ctx.db);
  await ctx.db.insertInto('deal_stage_history').values(moves).execute();
  await sql`update deal d set created_at = v.created_at, stage_changed_at = v.stage_changed_at, closed_at = v.closed_at, expected_close_date = v.expected_close_date
    from (values ${sql.join(dates)}) as v (id, created_at, stage_changed_at, closed_at, expected_close_date)
    where d.workspace_id = ${ctx.workspaceId} and d.id = v.id`.execute(ctx.db);
}
