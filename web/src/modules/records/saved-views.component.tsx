import { useState } from 'react';
import { ActionIcon, Badge, Button, Group, Menu, Select } from '@mantine/core';
import { IconDeviceFloppy, IconDots, IconPencil, IconTrash, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../api/query.client.ts';
import { ConfirmDialog } from '../../shell/confirm-dialog.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { canShareViews } from '../auth/permissions.ts';
import { viewInput, type ListStateApi } from './record-list.hooks.ts';
import { SavedViewEditModal } from './saved-view-edit.modal.tsx';
import { useDeleteView, useUpdateView } from './saved-views.api.ts';

// Select options need a value; the plain list has no view id.
const ALL_RECORDS = 'all';

type Dialog = 'create' | 'edit' | 'delete' | null;

/** Picks a saved view, and saves, updates or deletes views from the list as it is now. */
export function SavedViewBar({ objectType, list }: { objectType: string; list: ListStateApi }) {
  const { t } = useTranslation();
  const me = useSession();
  const update = useUpdateView(objectType);
  const remove = useDeleteView(objectType);
  const [dialog, setDialog] = useState<Dialog>(null);
  const { view } = list;
  // Mirrors the server: the author may change a view; so may anyone who may share views, if it is shared.
  const canChange = !!view && (view.owner_id === me.user.id || (view.is_shared && canShareViews(me)));

  const onUpdate = () => {
    if (!view) return;
    update.mutate({ id: view.id, ...viewInput(list.state) }, {
      onSuccess: (saved) => {
        notifySuccess(t('views.updated', { name: saved.name }));
        list.selectView(saved.id);
      },
    });
  };
  const onDelete = () => {
    if (!view) return;
    remove.mutate(view.id, {
      onSuccess: () => {
        notifySuccess(t('views.deleted', { name: view.name }));
        setDialog(null);
        list.selectView(null);
      },
    });
  };

  return (
    <Group gap="xs" wrap="nowrap">
      <Select
        aria-label={t('views.label')}
        data={[
          { value: ALL_RECORDS, label: t('views.all') },
          ...list.views.map((candidate) => ({ value: candidate.id, label: candidate.name })),
        ]}
        value={view?.id ?? ALL_RECORDS}
        onChange={(id) => list.selectView(id === ALL_RECORDS ? null : id)}
        allowDeselect={false}
        renderOption={({ option }) => {
          const isShared = list.views.some((candidate) => candidate.id === option.value && candidate.is_shared);
          return (
            <Group gap={6} wrap="nowrap">
              {option.label}
              {isShared && <IconUsers size={14} aria-label={t('views.sharedBadge')} color="var(--mantine-color-gray-6)" />}
            </Group>
          );
        }}
        rightSection={view && list.isModified ? <Badge size="xs" variant="light" color="orange">{t('views.modified')}</Badge> : undefined}
        rightSectionWidth={view && list.isModified ? 80 : undefined}
        w={240}
        comboboxProps={{ withinPortal: true }}
      />
      {list.isModified && (
        view ? (
          <>
            {canChange && <Button variant="light" onClick={onUpdate} loading={update.isPending}>{t('views.update')}</Button>}
            <Button variant="default" onClick={() => setDialog('create')}>{t('views.saveAsNew')}</Button>
            <Button variant="subtle" color="gray" onClick={() => list.selectView(view.id)}>{t('common.reset')}</Button>
          </>
        ) : (
          <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} onClick={() => setDialog('create')}>{t('views.save')}</Button>
        )
      )}
      {canChange && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('views.actions')}>
              <IconDots size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setDialog('edit')}>{t('views.edit')}</Menu.Item>
            <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => setDialog('delete')}>{t('views.delete')}</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
      {(dialog === 'create' || dialog === 'edit') && (
        <SavedViewEditModal
          objectType={objectType}
          view={dialog === 'edit' ? view : undefined}
          state={list.state}
          onSaved={dialog === 'create' ? (saved) => list.selectView(saved.id) : undefined}
          onClose={() => setDialog(null)}
        />
      )}
      <ConfirmDialog
        opened={dialog === 'delete'}
        title={t('views.deleteTitle')}
        message={t('views.deleteText', { name: view?.name ?? '' })}
        confirmLabel={t('common.delete')}
        isPending={remove.isPending}
        onConfirm={onDelete}
        onClose={() => setDialog(null)}
      />
    </Group>
  );
}
