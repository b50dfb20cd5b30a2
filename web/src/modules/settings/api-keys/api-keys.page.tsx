import { useState } from 'react';
import { Badge, Button, Table, Text } from '@mantine/core';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../api/query.client.ts';
import { formatDateTime } from '../../../i18n/format.ts';
import { ConfirmDialog } from '../../../shell/confirm-dialog.component.tsx';
import { EmptyPlaceholder } from '../../../shell/empty-placeholder.component.tsx';
import { SettingsTableCard } from '../settings-table-card.component.tsx';
import { PageHeader } from '../../../shell/page-header.component.tsx';
import { useSession } from '../../auth/auth.api.ts';
import { can } from '../../auth/permissions.ts';
import { useApiKeys, useRevokeApiKey, useRoleOptions } from '../settings.api.ts';
import type { ApiKey } from '../settings.types.ts';
import { ApiKeyCreateModal } from './api-key-create.modal.tsx';

export function ApiKeysPage() {
  const { t } = useTranslation();
  const me = useSession();
  const keys = useApiKeys();
  const roleOptions = useRoleOptions(can(me, 'role', 'read'));
  const revoke = useRevokeApiKey();
  const [isCreating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const canCreate = can(me, 'api_key', 'create');
  const canRevoke = can(me, 'api_key', 'delete');
  const roleName = (key: string) => roleOptions.find((option) => option.value === key)?.label ?? key;

  const onRevoke = () => {
    if (!revoking) return;
    revoke.mutate(revoking.id, {
      onSuccess: () => {
        notifySuccess(t('apiKeys.revoked', { name: revoking.name }));
        setRevoking(null);
      },
    });
  };

  return (
    <>
      <PageHeader
        title={t('apiKeys.title')}
        description={t('apiKeys.description')}
        actions={canCreate && <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>{t('apiKeys.create')}</Button>}
      />
      <SettingsTableCard
        isPending={keys.isPending}
        isEmpty={(keys.data ?? []).length === 0}
        minWidth={760}
        empty={
          <EmptyPlaceholder
            icon={<IconKey size={28} />}
            title={t('apiKeys.empty')}
            description={t('apiKeys.emptyText')}
            action={canCreate && <Button onClick={() => setCreating(true)}>{t('apiKeys.create')}</Button>}
          />
        }
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('apiKeys.name')}</Table.Th>
            <Table.Th w={150}>{t('apiKeys.role')}</Table.Th>
            <Table.Th w={170}>{t('common.created')}</Table.Th>
            <Table.Th w={170}>{t('apiKeys.lastUsed')}</Table.Th>
            <Table.Th w={170}>{t('apiKeys.status')}</Table.Th>
            <Table.Th w={110} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(keys.data ?? []).map((key) => (
            <Table.Tr key={key.id} c={key.revoked_at ? 'dimmed' : undefined}>
              <Table.Td><Text size="sm" fw={500} td={key.revoked_at ? 'line-through' : undefined}>{key.name}</Text></Table.Td>
              <Table.Td><Badge variant="light" color="gray">{roleName(key.role)}</Badge></Table.Td>
              <Table.Td><Text size="sm">{formatDateTime(key.created_at)}</Text></Table.Td>
              <Table.Td><Text size="sm">{key.last_used_at ? formatDateTime(key.last_used_at) : t('apiKeys.never')}</Text></Table.Td>
              <Table.Td>
                {key.revoked_at ? (
                  <Text size="sm" c="red">{t('apiKeys.revokedAt', { when: formatDateTime(key.revoked_at) })}</Text>
                ) : (
                  <Badge color="teal" variant="light">{t('apiKeys.active')}</Badge>
                )}
              </Table.Td>
              <Table.Td ta="right">
                {canRevoke && !key.revoked_at && (
                  <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(key)}>{t('apiKeys.revoke')}</Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </SettingsTableCard>
      {isCreating && <ApiKeyCreateModal roleOptions={roleOptions} onClose={() => setCreating(false)} />}
      <ConfirmDialog
        opened={revoking !== null}
        title={t('apiKeys.revokeTitle')}
        message={t('apiKeys.revokeText', { name: revoking?.name ?? '' })}
        confirmLabel={t('apiKeys.revoke')}
        isPending={revoke.isPending}
        onConfirm={onRevoke}
        onClose={() => setRevoking(null)}
      />
    </>
  );
}
