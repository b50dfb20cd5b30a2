import { useState, type FormEvent } from 'react';
import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http.client.ts';
import { notifySuccess } from '../../api/query.client.ts';
import { useSession } from '../auth/auth.api.ts';
import { canShareViews } from '../auth/permissions.ts';
import { viewInput, type ListState } from './record-list.hooks.ts';
import { useCreateView, useUpdateView } from './saved-views.api.ts';
import type { SavedView } from './records.types.ts';

interface SavedViewEditModalProps {
  objectType: string;
  /** Given: rename or (un)share this view. Absent: save the list as it is now as a new view. */
  view?: SavedView;
  state: ListState;
  onSaved?: (view: SavedView) => void;
  onClose: () => void;
}

export function SavedViewEditModal({ objectType, view, state, onSaved, onClose }: SavedViewEditModalProps) {
  const { t } = useTranslation();
  const me = useSession();
  const create = useCreateView(objectType);
  const update = useUpdateView(objectType);
  const [name, setName] = useState(view?.name ?? '');
  const [isShared, setShared] = useState(view?.is_shared ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The server refuses sharing to roles limited to their own records; a shared view stays editable for its author.
  const canShare = canShareViews(me) || view?.is_shared === true;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setErrors({ name: t('form.required') });
      return;
    }
    const options = {
      onSuccess: (saved: SavedView) => {
        notifySuccess(t('views.saved', { name: saved.name }));
        onSaved?.(saved);
        onClose();
      },
      onError: (error: unknown) => isApiError(error) && setErrors(error.fieldErrors()),
    };
    if (view) update.mutate({ id: view.id, name: name.trim(), is_shared: isShared }, options);
    else create.mutate({ name: name.trim(), is_shared: isShared, ...viewInput(state) }, options);
  };

  return (
    <Modal opened onClose={onClose} title={view ? t('views.editTitle') : t('views.saveTitle')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <TextInput label={t('views.name')} required value={name} error={errors.name} onChange={(event) => setName(event.currentTarget.value)} data-autofocus />
          {canShare && (
            <Checkbox
              label={t('views.shared')}
              description={t('views.sharedHint')}
              checked={isShared}
              error={errors.is_shared}
              onChange={(event) => setShared(event.currentTarget.checked)}
            />
          )}
        </Stack>
        <Group justify="flex-end" mt="xl">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={create.isPending || update.isPending}>{t('common.save')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
