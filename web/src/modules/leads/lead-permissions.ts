import type { Me } from '../auth/auth.types.ts';
import { grantFor } from '../auth/permissions.ts';

/**
 * Mirrors the server: distribution is configured by roles that act beyond their own records
 * (managers, administrators). A `lead_routing` grant, when a role has one, decides instead of '*'.
 */
export function canConfigureDistribution(me: Me | null | undefined): boolean {
  const grant = grantFor(me, 'lead_routing');
  return !!grant && grant.actions.includes('update') && grant.scope !== 'own';
}
