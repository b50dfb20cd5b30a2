import { Button, Group, Modal, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { notifySuccess } from '../../api/query.client.ts';
import { useSession } from '../auth/auth.api.ts';
import { fieldAccess } from '../auth/permissions.ts';
import { FieldInput } from '../records/field-input.component.tsx';
import { useRecordForm } from '../records/record-form.hooks.ts';
import { useCreateRecord } from '../records/records.api.ts';
import type { ObjectTypeMeta } from '../records/records.types.ts';
import { isFormField } from './lead-fields.ts';

interface LeadCreateModalProps {
  objectType: ObjectTypeMeta;
  onClose: () => void;
}

/** Mounted only while open. A new lead has no owner to pick: distribution assigns one. */
export function LeadCreateModal({ objectType, onClose }: LeadCreateModalProps) {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const create = useCreateRecord(objectType.plural);
  const fields = objectType.fields.filter((field) => isFormField(field) && fieldAccess(me, objectType.type, field.name) === 'write');
  const form = useRecordForm(fields);

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!form.validate()) return;
    create.mutate(form.payload(), {
      onSuccess: (lead) => {
        notifySuccess(t('leads.created'));
        onClose();
        navigate(`/leads/${lead.id}`);
      },
      onError: form.showServerErrors,
    });
  };

  return (
    <Modal opened onClose={onClose} title={t('leads.newTitle')} size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Text size="sm" c="dimmed" mb="md">{t('leads.newHint')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {fields.map((field) => (
            <FieldInput
              key={field.name}
              field={field}
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
