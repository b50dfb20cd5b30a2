import type { ServiceContext } from '../../platform/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { createTemplate, DEMO_TEMPLATES } from '../templates/index.ts';
import type { JourneyDefinition, JourneyEdge, JourneyNode, JourneyTrigger } from './journey-graph.schema.ts';
import { JourneyErrors } from './journeys.errors.ts';
import { changeJourneyStatus, createJourney } from './journeys.service.ts';

/** What a catalogue entry needs from the workspace: message templates and segments, by name. */
interface Lookup {
  template(name: string): string;
  segment(name: string): string | null;
}

const HOUR = 60;
const DAY = 24 * HOUR;

/** A straight chain: trigger → steps… in order, each step's id its position. */
function chain(trigger: JourneyTrigger, steps: Omit<JourneyNode, 'id' | 'position'>[], extra: Partial<JourneyDefinition> = {}): JourneyDefinition {
  const nodes = [{ id: 'trigger', type: 'trigger', trigger } as JourneyNode, ...steps.map((s, i) => ({ ...s, id: `step-${i + 1}` }) as JourneyNode)];
  const edges: JourneyEdge[] = nodes.slice(1).map((n, i) => ({ from: nodes[i]!.id, to: n.id }));
  return { graph: { nodes, edges }, goal_events: [], reentry: { mode: 'once' }, ...extra };
}

const send = (template: string, channel: 'email' | 'sms' = 'email') => ({ type: 'send', channel, template_id: template }) as Omit<JourneyNode, 'id'>;
const wait = (minutes: number) => ({ type: 'wait', wait: { mode: 'duration', minutes } }) as Omit<JourneyNode, 'id'>;
const exit = { type: 'exit' } as Omit<JourneyNode, 'id'>;

export interface JourneyTemplate {
  key: string;
  name: { ru: string; en: string };
  build(lookup: Lookup): JourneyDefinition;
}

/** The seed catalogue (REQUIREMENTS S4): ready-to-use journeys over the demo message templates. */
export const JOURNEY_TEMPLATES: JourneyTemplate[] = [
  {
    key: 'welcome', name: { ru: 'Приветственная цепочка', en: 'Welcome chain' },
    build: (l) => chain({ kind: 'event', event: 'person.created' }, [
      send(l.template('Приветствие 1: знакомство')), wait(2 * DAY), send(l.template('Приветствие 2: преимущества')), wait(3 * DAY),
      send(l.template('Приветствие 3: купон на первую покупку')), exit,
    ], { goal_events: ['order.created'] }),
  },
  {
    key: 'abandoned-cart', name: { ru: 'Брошенная корзина', en: 'Abandoned cart' },
    build: (l) => chain({ kind: 'event', event: 'cart.abandoned' }, [
      wait(HOUR), send(l.template('Брошенная корзина: напоминание')), wait(DAY), send(l.template('Брошенная корзина: скидка')), exit,
    ], { goal_events: ['order.created'], reentry: { mode: 'after_days', days: 7 } }),
  },
  {
    key: 'unpaid-order', name: { ru: 'Неоплаченный заказ через 2 часа', en: 'Unpaid order after 2 hours' },
    build: (l) => chain({ kind: 'event', event: 'order.unpaid_timeout' }, [send(l.template('Неоплаченный заказ')), exit], { goal_events: ['order.paid'], reentry: { mode: 'always' } }),
  },
  {
    key: 'birthday', name: { ru: 'Подарок ко дню рождения', en: 'Birthday offer' },
    build: (l) => chain({ kind: 'date', field: 'birthday', offset_days: -3, at: '07:00' }, [send(l.template('День рождения')), exit], { reentry: { mode: 'after_days', days: 300 } }),
  },
  {
    key: 'reactivation', name: { ru: 'Реактивация спящих клиентов', en: 'Reactivation of sleeping customers' },
    build: (l) => {
      const sleeping = l.segment('Спящие клиенты');
      const trigger: JourneyTrigger = sleeping ? { kind: 'segment', change: 'entered', segment_id: sleeping } : { kind: 'date', field: 'last_order', offset_days: 90, at: '08:00' };
      return chain(trigger, [send(l.template('Реактивация')), exit], { goal_events: ['order.created'], reentry: { mode: 'after_days', days: 90 } });
    },
  },
  {
    key: 'service-reminder', name: { ru: 'Сервисное напоминание через 8 месяцев', en: 'Service reminder 8 months after a purchase' },
    build: (l) => chain({ kind: 'date', field: 'last_order', offset_days: 240, at: '09:00' }, [
      send(l.template('Сервисное напоминание')), { type: 'task', subject: 'Позвонить: сервисное обслуживание', due_in_hours: 48 } as Omit<JourneyNode, 'id'>, exit,
    ], { reentry: { mode: 'always' } }),
  },
  {
    key: 'vip', name: { ru: 'VIP-статус → SMS', en: 'VIP tier reached → SMS' },
    build: (l) => {
      const vip = l.segment('VIP');
      return chain(vip ? { kind: 'segment', change: 'entered', segment_id: vip } : { kind: 'manual' }, [
        send(l.template('VIP: новый статус (SMS)'), 'sms'), { type: 'update', update: { action: 'add_tag', tag: 'VIP' } } as Omit<JourneyNode, 'id'>, exit,
      ]);
    },
  },
  {
    key: 'thank-you', name: { ru: 'Спасибо за заказ + кросс-продажа', en: 'New order → thank-you with cross-sell' },
    build: (l) => chain({ kind: 'event', event: 'order.created' }, [send(l.template('Спасибо за заказ + что взять ещё')), exit], { reentry: { mode: 'always' } }),
  },
  {
    key: 'repeat-order', name: { ru: 'Напоминание о повторном заказе', en: 'Repeat-order reminder' },
    build: (l) => chain({ kind: 'date', field: 'purchase_interval', offset_days: 0, at: '10:00' }, [send(l.template('Пора повторить заказ')), exit], { goal_events: ['order.created'], reentry: { mode: 'always' } }),
  },
  {
    key: 'seasonal', name: { ru: 'Сезонный повтор', en: 'Seasonal repeat' },
    build: (l) => chain({ kind: 'date', field: 'last_order', offset_days: 358, at: '10:00' }, [send(l.template('Сезонный повтор')), exit], { goal_events: ['order.created'], reentry: { mode: 'after_days', days: 300 } }),
  },
];

export function findJourneyTemplate(key: string): JourneyTemplate {
  const template = JOURNEY_TEMPLATES.find((t) => t.key === key);
  if (!template) throw JourneyErrors.JOURNEY_TEMPLATE_NOT_FOUND({ field: 'template' });
  return template;
}

/**
 * Creates a draft journey from a catalogue entry. Its message templates are found by name; one
 * the workspace lacks is added from the demo catalogue, so every entry works in a fresh workspace.
 */
export async function createJourneyFromTemplate(ctx: ServiceContext, jobs: JobQueue | null, key: string, options: { name?: string; isLive?: boolean } = {}) {
  const entry = findJourneyTemplate(key);
  const workspaceId = ctx.principal.workspaceId;
  const [templates, segments] = await Promise.all([
    ctx.db.selectFrom('message_template').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute(),
    ctx.db.selectFrom('segment').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute(),
  ]);
  const templateIds = new Map(templates.map((t) => [t.name, t.id]));
  const wanted = new Set<string>();
  entry.build({ template: (name) => (wanted.add(name), templateIds.get(name) ?? name), segment: () => null });
  for (const name of wanted) {
    if (templateIds.has(name)) continue;
    const demo = DEMO_TEMPLATES.find((t) => t.name === name)!;
    templateIds.set(name, (await createTemplate(ctx, demo)).id);
  }
  const definition = entry.build({ template: (name) => templateIds.get(name)!, segment: (name) => segments.find((s) => s.name === name)?.id ?? null });
  const taken = new Set((await ctx.db.selectFrom('journey').select('name').where('workspace_id', '=', workspaceId).execute()).map((j) => j.name.toLowerCase()));
  let name = options.name ?? entry.name.ru;
  // A second copy of the same entry gets a number, as a copied file would.
  for (let n = 2; !options.name && taken.has(name.toLowerCase()); n++) name = `${entry.name.ru} (${n})`;
  const journey = await createJourney(ctx, { name, description: null, definition }, entry.key);
  return options.isLive ? changeJourneyStatus(ctx, jobs, journey.id, 'publish') : journey;
}
