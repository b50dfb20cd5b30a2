import type { ReactNode } from 'react';
import { ActionIcon, Group } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface SettingsRowActionsProps {
  /** Left out: no edit button. */
  onEdit?: () => void;
  /** Left out: no delete button. */
  onDelete?: () => void;
  /** The row's own buttons, before edit and delete. */
  children?: ReactNode;
}

/** The buttons at the end of a settings list's row: edit and delete, for those who may. */
export function SettingsRowActions({ onEdit, onDelete, children }: SettingsRowActionsProps) {
  const { t } = useTranslation();
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      {children}
      {onEdit && (
        <ActionIcon variant="subtle" color="gray" aria-label={t('common.edit')} onClick={onEdit}>
          <IconPencil size={16} />
        </ActionIcon>
      )}
      {onDelete && (
        <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={onDelete}>
          <IconTrash size={16} />
        </ActionIcon>
      )}
    </Group>
  );
}
