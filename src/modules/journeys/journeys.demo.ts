import { systemPrincipal } from '../../platform/auth/permissions.ts';
import type { DemoSeedContext } from '../../platform/module.ts';
import { createJourneyFromTemplate } from './journey-templates.ts';

/** The demo workspace runs the abandoned-cart journey; the other catalogue entries are a click away. */
export async function seedJourneys({ db, workspaceId }: DemoSeedContext): Promise<void> {
  await createJourneyFromTemplate({ db, principal: systemPrincipal(workspaceId) }, null, 'abandoned-cart', { isLive: true });
}
