import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { seededRandom } from '../../platform/seeded-random.ts';
import { createSpend } from './marketing-spend.service.ts';

/** Monthly spend per channel in roubles; the channels are the demo people's sources. */
const CHANNELS: [string, number][] = [['Сайт', 60_000], ['Telegram', 25_000], ['ВКонтакте', 30_000], ['Выставка', 90_000]];

/** The demo shop's marketing spend over the last eight months, so CAC and ROI show figures. */
export async function seedMarketingSpend(ctx: DemoSeedContext): Promise<void> {
  const random = seededRandom(4004);
  const service = { db: ctx.db, principal: systemPrincipal(ctx.workspaceId) };
  const now = new Date();
  for (let back = 7; back >= 0; back--) {
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
    for (const [channel, base] of CHANNELS) {
      // The exhibition happens every other month.
      if (channel === 'Выставка' && back % 2 === 1) continue;
      const amount = Math.round((base * (0.8 + random.next() * 0.4)) / 100) * 100;
      await createSpend(service, { month, channel, amount: String(amount) });
    }
  }
}
