import { sql } from 'kysely';
import { systemPrincipal } from '../../platform/auth/permissions.ts';
import { newId } from '../../platform/ids.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { createRecord } from '../../platform/records/records.service.ts';
import { seededRandom } from '../../platform/seeded-random.ts';
import { companyRecordType } from '../companies/index.ts';
import { dealRecordType } from '../deals/index.ts';
import { personRecordType } from '../people/index.ts';
import { leadRecordType } from './leads.records.ts';
import { convertLead } from './leads.service.ts';

const FIRST_NAMES = ['Алексей', 'Марина', 'Григорий', 'Софья', 'Валерий', 'Людмила', 'Станислав', 'Вероника', 'Тимур', 'Оксана'];
const LAST_NAMES = ['Белов', 'Зайцева', 'Гусев', 'Ершова', 'Титов', 'Комарова', 'Жуков', 'Белова', 'Горбунов', 'Данилова'];
const COMPANIES = ['ООО «Вектор»', 'АО «Северсталь-Сервис»', 'ИП Мельников', 'ООО «Городские окна»', 'ООО «Техносфера»', null, null];
const PRODUCTS = ['CRM для отдела продаж', 'Внедрение', 'Обучение сотрудников', 'Интеграция с 1С'];
const REGIONS = ['Москва', 'Санкт-Петербург', 'Казань', 'Екатеринбург'];
const SOURCES = ['Яндекс.Директ', 'Сайт', 'Выставка', 'Telegram'];
const CHANNELS = ['website', 'website', 'messenger', 'social', 'phone', 'email'];
const MESSAGES = ['Хотим подключить отдел продаж из 12 человек', 'Нужна консультация по тарифам', 'Интересует интеграция с 1С:УТ', 'Перезвоните, пожалуйста, после 15:00'];

/**
 * Demo distribution: the operator takes leads round the clock, the manager on weekdays 9–18
 * Moscow time; phone leads go to the sales team; responses are due within an hour. Then a
 * stream of leads arrives and is distributed; some were already worked, a few converted.
 */
export async function seedLeads(ctx: DemoSeedContext, count = 30): Promise<void> {
  const random = seededRandom(4004);
  const service = { db: ctx.db, principal: systemPrincipal(ctx.workspaceId) };
  const team = await ctx.db.selectFrom('team').select('id').where('workspace_id', '=', ctx.workspaceId).orderBy('created_at').executeTakeFirst();
  await ctx.db.insertInto('lead_settings').values({
    workspace_id: ctx.workspaceId, default_team_id: team?.id ?? null, first_response_minutes: 60, reassign_after_minutes: 30, updated_at: new Date(),
  }).execute();
  if (team) {
    await ctx.db.insertInto('lead_routing_rule').values({
      workspace_id: ctx.workspaceId, id: newId(), position: 0, name: 'Звонки — в отдел продаж', channel: 'phone', team_id: team.id,
      source: null, region: null, product_interest: null,
    }).execute();
  }
  if (ctx.users.operator) {
    await ctx.db.insertInto('lead_agent').values({
      workspace_id: ctx.workspaceId, user_id: ctx.users.operator, work_days: [1, 2, 3, 4, 5, 6, 7], work_start: '00:00', work_end: '00:00',
    }).execute();
  }
  if (ctx.users.manager) await ctx.db.insertInto('lead_agent').values({ workspace_id: ctx.workspaceId, user_id: ctx.users.manager }).execute();

  const resolve = (type: string) => ({ person: personRecordType, company: companyRecordType, deal: dealRecordType, lead: leadRecordType })[type];
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const company = random.pick(COMPANIES);
    const lead = await createRecord(service, leadRecordType, {
      first_name: random.pick(FIRST_NAMES), last_name: random.pick(LAST_NAMES), company_name: company,
      email: `lead${i}@example.ru`, phone: `+7 9${random.int(10, 99)} ${random.int(100, 999)}-${random.int(10, 99)}-${random.int(10, 99)}`,
      channel: random.pick(CHANNELS), source: random.pick(SOURCES), region: random.pick(REGIONS), product_interest: random.pick(PRODUCTS),
      message: random.pick(MESSAGES),
    }, resolve);
    const id = lead.id as string;
    ids.push(id);
    // Spread arrivals over the last two days, so the list has history and some deadlines have passed.
    const minutesAgo = random.int(5, 48 * 60);
    await sql`update lead set created_at = now() - make_interval(mins => ${minutesAgo}),
      assigned_at = now() - make_interval(mins => ${minutesAgo}), first_response_due_at = now() - make_interval(mins => ${minutesAgo - 60})
      where workspace_id = ${ctx.workspaceId} and id = ${id}`.execute(ctx.db);
    const fate = random.int(0, 9);
    if (fate <= 2) await convertLead(service, id, { create_company: true, deal: {} }, resolve);
    else if (fate === 3) {
      await sql`update lead set status = 'disqualified', disqualify_reason = 'Нет бюджета', first_contacted_at = created_at + interval '20 minutes'
        where workspace_id = ${ctx.workspaceId} and id = ${id}`.execute(ctx.db);
    } else if (fate <= 6) {
      await sql`update lead set status = 'contacted', first_contacted_at = created_at + make_interval(mins => ${random.int(3, 90)})
        where workspace_id = ${ctx.workspaceId} and id = ${id}`.execute(ctx.db);
    }
  }
  ctx.seeded.set('lead', ids);
}
