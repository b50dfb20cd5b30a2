import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/http.client.ts';
import { notifySuccess } from '../../../api/query.client.ts';
import { useCreateMember } from '../settings.api.ts';

interface MemberCreateModalProps {
  roleOptions: { value: string; label: string }[];
  onClose: () => void;
}

export function MemberCreateModal({ roleOptions, onClose }: MemberCreateModalProps) {
  const { t } = useTranslation();
  const create = useCreateMember();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<string | null>(roleOptions.some((option) => option.value === 'operator') ? 'operator' : null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (!email.trim()) missing.email = t('form.required');
    if (!name.trim()) missing.name = t('form.required');
    if (!role) missing.role = t('form.required');
    setErrors(missing);
    if (Object.keys(missing).length > 0 || !role) return;
    create.mutate(
      { email: email.trim(), name: name.trim(), role, ...(password ? { password } : {}) },
      {
        onSuccess: () => {
          notifySuccess(t('members.added', { name: name.trim() }));
          onClose();
        },
        onError: (error) => isApiError(error) && setErrors(error.fieldErrors()),
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={t('members.add')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput label={t('members.email')} type="email" required value={email} error={errors.email} onChange={(event) => setEmail(event.currentTarget.value)} data-autofocus />
          <TextInput label={t('members.name')} required value={name} error={errors.name} onChange={(event) => setName(event.currentTarget.value)} />
          <PasswordInput
            label={t('members.password')}
            description={t('members.passwordHint')}
            value={password}
            error={errors.password}
            autoComplete="new-password"
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          <Select label={t('members.role')} required data={roleOptions} value={role} error={errors.role} onChange={setRole} allowDeselect={false} />
        </Stack>
        <Group justify="flex-end" mt="xl">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={create.isPending}>{t('members.add')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
