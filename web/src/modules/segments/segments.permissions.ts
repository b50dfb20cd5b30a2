import type { Me } from '../auth/auth.types.ts';
import { grantFor } from '../auth/permissions.ts';

/** Mirrors the server: segments are changed by roles that act beyond their own people (managers, admins). */
export function canEditSegments(me: Me | null | undefined): boolean {
  const grant = grantFor(me, 'person');
  return !!grant && grant.actions.includes('update') && grant.scope !== 'own';
}
