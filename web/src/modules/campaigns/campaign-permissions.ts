import type { Me } from '../auth/auth.types.ts';
import { grantFor } from '../auth/permissions.ts';

/** Mirrors the server: campaigns are marketing configuration, run by roles acting beyond their own records. */
export function canRunCampaigns(me: Me | null | undefined): boolean {
  const grant = grantFor(me, 'campaign');
  return !!grant && grant.actions.includes('update') && grant.scope !== 'own';
}
