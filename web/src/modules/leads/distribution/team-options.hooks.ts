import { useLeadRouting } from '../leads.api.ts';

/** Teams to route to, from the distribution settings themselves (managers may not list teams otherwise). */
export function useTeamOptions(): { value: string; label: string }[] {
  const routing = useLeadRouting();
  return (routing.data?.teams ?? []).map((team) => ({ value: team.id, label: team.name }));
}
