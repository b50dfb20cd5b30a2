import type { Me } from '../auth/auth.types.ts';
import { grantFor } from '../auth/permissions.ts';

/** Mirrors the server: templates are marketing configuration, written by roles acting beyond their own records. */
export function canEditTemplates(me: Me | null | undefined): boolean {
  const grant = grantFor(me, 'message_template');
  return !!grant && grant.actions.includes('update') && grant.scope !== 'own';
}
