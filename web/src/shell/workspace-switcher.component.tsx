import { Select } from '@mantine/core';
import { IconBuildingStore } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useSession, useSwitchWorkspace } from '../modules/auth/auth.api.ts';

export function WorkspaceSwitcher() {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const switchWorkspace = useSwitchWorkspace();

  const onChange = (slug: string | null) => {
    if (!slug || slug === me.workspace?.slug) return;
    // The page shown may name a record of the old workspace.
    switchWorkspace.mutate(slug, { onSuccess: () => navigate('/') });
  };

  return (
    <Select
      aria-label={t('shell.workspace')}
      placeholder={t('shell.workspace')}
      leftSection={<IconBuildingStore size={16} />}
      data={me.workspaces.map((workspace) => ({ value: workspace.slug, label: workspace.name }))}
      value={me.workspace?.slug ?? null}
      onChange={onChange}
      allowDeselect={false}
      disabled={switchWorkspace.isPending}
      w={{ base: '100%', sm: 220 }}
      size="sm"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
