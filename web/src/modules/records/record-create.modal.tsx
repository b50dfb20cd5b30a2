import { Button, Group, Modal, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { notifySuccess } from '../../api/query.client.ts';
import { useSession } from '../auth/auth.api.ts';
import { fieldAccess } from '../auth/permissions.ts';
import { FieldInput } from './field-input.component.tsx';
import { localized } from './record-fields.ts';
import { useRecordForm } from './record-form.hooks.ts';
import { useCreateRecord } from './records.api.ts';
import type { FieldMeta, ObjectTypeMeta } from './records.types.ts';

interface RecordCreateModalProps {
  objectType: ObjectTypeMeta;
  onClose: () => void;
  /** Narrows the fields offered (a type may set some by other means). */
  selectFields?: (fields: FieldMeta[]) => FieldMeta[];
  title?: string;
  /** A line above the form explaining what happens to the new record. */
  hint?: string;
  createdMessage?: string;
}

/** Mounted only while open, so each opening starts with an empty form. */
export function RecordCreateModal({ objectType, onClose, selectFields = (fields) => fields, title, hint, createdMessage }: RecordCreateModalProps) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const create = useCreateRecord(objectType);
  const typeLabel = localized(objectType.label, i18n.language);
  const fields = selectFields(objectType.fields.filter((field) => fieldAccess(me, objectType.type, field.name) === 'write'));
  const form = useRecordForm(fields);

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!form.validate()) return;
    create.mutate(form.payload(), {
      onSuccess: (record) => {
        notifySuccess(createdMessage ?? t('records.created', { type: typeLabel }));
        onClose();
        navigate(`/${objectType.plural}/${record.id}`);
      },
      onError: form.showServerErrors,
    });
  };

  return (
    <Modal opened onClose={onClose} title={title ?? t('records.newTitle', { type: typeLabel })} size="lg">
      <form onSubmit={onSubmit} noValidate>
        {hint && <Text size="sm" c="dimmed" mb="md">{hint}</Text>}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {fields.map((field) => (
            <FieldInput
              key={field.name}
              field={form.fieldOf(field)}
              objectType={objectType.type}
              value={form.values[field.name]}
              error={form.errors[field.name]}
              onChange={(value) => form.setValue(field.name, value)}
            />
          ))}
        </SimpleGrid>
        <Group justify="flex-end" mt="xl">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={create.isPending}>{t('common.create')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
