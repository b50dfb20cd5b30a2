import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { createRecord } from '../../platform/records/records.service.ts';
import { seededRandom } from '../../platform/seeded-random.ts';
import { activityRecordType } from './activities.records.ts';

const TEMPLATES = {
  call: ['Первичный звонок', 'Уточнить потребность', 'Звонок по счёту', 'Обсудить условия договора'],
  meeting: ['Встреча в офисе клиента', 'Презентация решения', 'Подписание договора'],
  email: ['Отправить коммерческое предложение', 'Письмо с прайс-листом', 'Ответ на запрос'],
  task: ['Подготовить договор', 'Выставить счёт', 'Согласовать скидку с руководителем', 'Проверить оплату'],
  note: ['Клиент просил перезвонить после праздников', 'Интересуется расширенной гарантией', 'Предпочитает связь в Telegram'],
  request: ['Заявка с сайта: расчёт стоимости', 'Вопрос в Telegram о сроках поставки', 'Комментарий во ВКонтакте', 'Звонок на горячую линию'],
} as const;
const REQUEST_CHANNELS = ['website', 'messenger', 'social', 'phone'] as const;

export async function seedActivities(ctx: DemoSeedContext, count = 300): Promise<void> {
  const random = seededRandom(4004);
  const service = { db: ctx.db, principal: systemPrincipal(ctx.workspaceId) };
  const owners = Object.values(ctx.users);
  const people = ctx.seeded.get('person') ?? [];
  const deals = ctx.seeded.get('deal') ?? [];
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const kind = random.pick(Object.keys(TEMPLATES) as (keyof typeof TEMPLATES)[]);
    const due = new Date(now + random.int(-30, 30) * 86_400_000 + random.int(9, 18) * 3_600_000);
    const subject: string = random.pick(TEMPLATES[kind]);
    await createRecord(service, activityRecordType, {
      kind,
      subject,
      status: due.getTime() < now ? random.pick(['done', 'done', 'planned', 'cancelled']) : 'planned',
      due_at: due.toISOString(),
      person_id: people.length > 0 ? random.pick(people) : null,
      deal_id: deals.length > 0 && random.chance(0.6) ? random.pick(deals) : null,
      owner_id: random.pick(owners),
      // Each request template names where it came from, in the order of REQUEST_CHANNELS.
      ...(kind === 'request' ? { channel: REQUEST_CHANNELS[(TEMPLATES.request as readonly string[]).indexOf(subject)], direction: 'inbound' } : {}),
      ...(kind === 'task' && random.chance(0.3) ? { responsible_id: random.pick(owners) } : {}),
    }, () => undefined);
  }
}
