import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import type { SegmentInput } from './segments.schemas.ts';
import { createSegment } from './segments.service.ts';

const DEMO_SEGMENTS: SegmentInput[] = [
  {
    name: 'Спящие клиенты', kind: 'dynamic', description: 'Покупали, но не заказывали 90 дней и больше',
    rules: { kind: 'group', match: 'all', rules: [{ kind: 'orders', metric: 'days_since_last', op: 'gte', value: 90 }] },
  },
  {
    name: 'VIP', kind: 'dynamic', description: 'Лучшие клиенты по RFM или с высокой прогнозной ценностью',
    rules: {
      kind: 'group', match: 'any', rules: [
        { kind: 'rfm_segment', values: ['champions', 'loyal'] },
        { kind: 'clv', op: 'gte', value: 100_000 },
      ],
    },
  },
  {
    name: 'Брошенные корзины за 7 дней', kind: 'dynamic', description: 'Клали товар в корзину за последние 7 дней и не заказали',
    rules: {
      kind: 'group', match: 'all', rules: [
        { kind: 'event', event_type: 'add_to_cart', did: true, at_least: 1, within_days: 7 },
        { kind: 'orders', metric: 'count', op: 'eq', value: 0, within_days: 7 },
      ],
    },
  },
  {
    name: 'Подписчики рассылки', kind: 'dynamic', description: 'Согласны получать маркетинговые письма',
    rules: { kind: 'group', match: 'all', rules: [{ kind: 'consent', channel: 'email', purpose: 'marketing', is_contactable: true }] },
  },
];

/** Useful segments on the demo workspace, evaluated as they are created. */
export async function seedSegments({ db, workspaceId }: DemoSeedContext): Promise<void> {
  const ctx = { db, principal: systemPrincipal(workspaceId) };
  for (const segment of DEMO_SEGMENTS) await createSegment(ctx, segment);
}
