import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { useMembers } from '../settings/settings.api.ts';

/**
 * Members by id, when the role may list them: members are a settings object, so many roles may
 * not, and then only the reader's own records are named.
 */
function useMemberNames(): Map<string, string> {
  const me = useSession();
  const members = useMembers(can(me, 'member', 'read'));
  return new Map((members.data ?? []).map((member) => [member.user_id, member.name || member.email]));
}

/** The name of a record owner (or any member), by user id. */
export function useOwnerLabel(): (id: string) => string {
  const me = useSession();
  const names = useMemberNames();
  return (id) => (id === me.user.id ? me.user.name || me.user.email : names.get(id) ?? id.slice(0, 8));
}

/** Members to pick by user id: the reader first, then the others the role may list. */
export function useMemberOptions(): { value: string; label: string }[] {
  const me = useSession();
  const names = useMemberNames();
  const others = [...names].filter(([id]) => id !== me.user.id).map(([id, name]) => ({ value: id, label: name }));
  return [{ value: me.user.id, label: me.user.name || me.user.email }, ...others];
}

/** Owners to pick in a filter: "me" first (saved views keep it meaning whoever looks), then the other members. */
export function useOwnerOptions(): { value: string; label: string }[] {
  const { t } = useTranslation();
  const me = useSession();
  const others = useMemberOptions().filter((option) => option.value !== me.user.id);
  return [{ value: 'me', label: t('records.me') }, ...others];
}

export function OwnerName({ id }: { id: string }) {
  const ownerLabel = useOwnerLabel();
  return <>{ownerLabel(id)}</>;
}
