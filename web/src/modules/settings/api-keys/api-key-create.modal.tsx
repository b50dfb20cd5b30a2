import { useState, type FormEvent } from 'react';
import { Alert, Button, Code, CopyButton, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/http.client.ts';
import { useCreateApiKey } from '../settings.api.ts';
import type { CreatedApiKey } from '../settings.types.ts';

interface ApiKeyCreateModalProps {
  roleOptions: { value: string; label: string }[];
  onClose: () => void;
}

function SecretView({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('apiKeys.onceTitle')}>
        {t('apiKeys.onceText')}
      </Alert>
      <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="api-key-secret">{created.key}</Code>
      <Group justify="flex-end">
        <CopyButton value={created.key}>
          {({ copied, copy }) => (
            <Button variant="light" color={copied ? 'teal' : 'blue'} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy}>
              {copied ? t('apiKeys.copied') : t('apiKeys.copy')}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onClose}>{t('apiKeys.done')}</Button>
      </Group>
    </Stack>
  );
}

export function ApiKeyCreateModal({ roleOptions, onClose }: ApiKeyCreateModalProps) {
  const { t } = useTranslation();
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [role, setRole] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!name.trim()) missing.name = t('form.required');
    if (!role) missing.role = t('form.required');
    setErrors(missing);
    if (Object.keys(missing).length > 0 || !role) return;
    create.mutate({ name: name.trim(), role }, { onError: (error) => isApiError(error) && setErrors(error.fieldErrors()) });
  };

  return (
    // The secret is shown once: closing by a stray click outside would lose it.
    <Modal opened onClose={onClose} title={create.data ? t('apiKeys.createdTitle') : t('apiKeys.create')} closeOnClickOutside={!create.data} size="lg">
      {create.data ? (
        <SecretView created={create.data} onClose={onClose} />
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            <TextInput label={t('apiKeys.name')} description={t('apiKeys.nameHint')} required value={name} error={errors.name} onChange={(event) => setName(event.currentTarget.value)} data-autofocus />
            <Select label={t('apiKeys.role')} required data={roleOptions} value={role} error={errors.role} onChange={setRole} allowDeselect={false} />
          </Stack>
          <Group justify="flex-end" mt="xl">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={create.isPending}>{t('common.create')}</Button>
          </Group>
        </form>
      )}
    </Modal>
  );
}
