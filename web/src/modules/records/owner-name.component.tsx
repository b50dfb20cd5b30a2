import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { useMembers } from '../settings/settings.api.ts';
import { useMemberDirectory } from './member-directory.api.ts';

/**
 * Members' names by user id, from the directory every member may read. The directory lists only
 * active members; those who may list members also get the disabled ones, so records they still own
 * keep a name.
 */
function useMemberNames(): Map<string, string> {
  const me = useSession();
  const directory = useMemberDirectory();
  const members = useMembers(can(me, 'member', 'read'));
  return new Map([
    ...(members.data ?? []).map((member) => [member.user_id, member.name || member.email] as const),
    ...(directory.data ?? []).filter((member) => member.name).map((member) => [member.user_id, member.name] as const),
  ]);
}

/** The name of a record owner (or any member), by user id. */
export function useOwnerLabel(): (id: string) => string {
  const me = useSession();
  const names = useMemberNames();
  return (id) => (id === me.user.id ? me.user.name || me.user.email : names.get(id) ?? id.slice(0, 8));
}

/** Members to pick by user id: the reader first, then the other active members. */
export function useMemberOptions(): { value: string; label: string }[] {
  const me = useSession();
  const directory = useMemberDirectory();
  const others = (directory.data ?? [])
    .filter((member) => member.user_id !== me.user.id)
    .map((member) => ({ value: member.user_id, label: member.name || member.user_id.slice(0, 8) }));
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
