import { useState } from 'react';
import { Button, Group, Modal, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/http.client.ts';
import { notifySuccess } from '../../../api/query.client.ts';
import { useLeadRouting, useSaveLeadAgent } from '../leads.api.ts';

interface AgentAddModalProps {
  /** Members who already take leads, left out of the choice. */
  agentIds: string[];
  onClose: () => void;
}

/** A new agent starts with the default shift (weekdays 9–18, Moscow time), changed in the table. */
export function AgentAddModal({ agentIds, onClose }: AgentAddModalProps) {
  const { t } = useTranslation();
  const routing = useLeadRouting();
  const save = useSaveLeadAgent();
  const [userId, setUserId] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();

  const options = (routing.data?.members ?? [])
    .filter((member) => !agentIds.includes(member.user_id))
    .map((member) => ({ value: member.user_id, label: member.name }));

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!userId) {
      setError(t('form.required'));
      return;
    }
    const label = options.find((option) => option.value === userId)?.label ?? '';
    save.mutate({ userId, is_accepting: true }, {
      onSuccess: () => {
        notifySuccess(t('leads.distribution.agentAdded', { name: label }));
        onClose();
      },
      onError: (failure) => isApiError(failure) && setError(failure.fieldErrors().user_id),
    });
  };

  return (
    <Modal opened onClose={onClose} title={t('leads.distribution.addAgent')}>
      <form onSubmit={onSubmit} noValidate>
        <Select
          label={t('leads.distribution.member')}
          placeholder={t('common.choose')}
          data={options}
          value={userId}
          error={error}
          onChange={(next) => {
            setUserId(next);
            setError(undefined);
          }}
          searchable
          nothingFoundMessage={routing.isPending ? t('common.loading') : t('leads.distribution.noMembersLeft')}
          comboboxProps={{ withinPortal: true }}
          data-autofocus
        />
        <Text size="xs" c="dimmed" mt="sm">{t('leads.distribution.agentDefaults')}</Text>
        <Group justify="flex-end" mt="xl">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={save.isPending}>{t('leads.distribution.addAgent')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
