import type { Me } from '../auth/auth.types.ts';
import { grantFor } from '../auth/permissions.ts';

/**
 * Mirrors the server: pipelines are configured by roles that act beyond their own records
 * (managers, administrators). A `pipeline` grant, when a role has one, decides instead of '*'.
 */
export function canConfigurePipelines(me: Me | null | undefined): boolean {
  const grant = grantFor(me, 'pipeline');
  return !!grant && grant.actions.includes('update') && grant.scope !== 'own';
}
