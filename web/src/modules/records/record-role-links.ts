/**
 * A link that carries the linked record's role on the record, e.g. a person's role at a company.
 * The primary link is the record's own field (a deal's main contact, a person's main company).
 */
export interface RoleLink {
  role: string | null;
  is_primary: boolean;
}

/** For useRecordLinksDraft: a row has changed when its role has, blank and null alike. */
export const isRoleChanged = (draft: RoleLink, saved: RoleLink) => (draft.role ?? '') !== (saved.role ?? '');

/** For useRecordLinksDraft: the primary link is the record's own field, so it goes along only to carry a role. */
export const isRoleLinkSent = (draft: RoleLink) => !draft.is_primary || Boolean(draft.role?.trim());

/** A role as sent: trimmed, and null when blank. */
export const sentRole = (draft: RoleLink) => draft.role?.trim() || null;
