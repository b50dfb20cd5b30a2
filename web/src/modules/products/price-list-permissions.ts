import type { Me } from '../auth/auth.types.ts';
import { grantFor } from '../auth/permissions.ts';

/**
 * Mirrors the server: price lists are configured by roles that act beyond their own records
 * (managers, administrators). A `price_list` grant, when a role has one, decides instead of '*'.
 */
export function canConfigurePriceLists(me: Me | null | undefined): boolean {
  const grant = grantFor(me, 'price_list');
  return !!grant && grant.actions.includes('update') && grant.scope !== 'own';
}
