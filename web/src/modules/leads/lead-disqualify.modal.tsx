import { useState } from 'react';
import { Button, Group, Modal, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/http.client.ts';
import { notifySuccess } from '../../api/query.client.ts';
import { useUpdateRecord } from '../records/records.api.ts';
import type { ObjectTypeMeta } from '../records/records.types.ts';
import type { LeadRecord } from './leads.types.ts';

/** Mounted only while open. The server refuses a disqualification without a reason. */
export function LeadDisqualifyModal({ objectType, lead, onClose }: { objectType: ObjectTypeMeta; lead: LeadRecord; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateRecord(objectType, lead.id);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t('form.required'));
      return;
    }
    update.mutate({ status: 'disqualified', disqualify_reason: reason.trim() }, {
      onSuccess: () => {
        notifySuccess(t('leads.actions.disqualified'));
        onClose();
      },
      onError: (failure) => isApiError(failure) && setError(failure.fieldErrors().disqualify_reason),
    });
  };

  return (
    <Modal opened onClose={onClose} title={t('leads.disqualify.title', { name: lead.full_name })}>
      <form onSubmit={onSubmit} noValidate>
        <Textarea
          label={t('leads.disqualify.reason')}
          description={t('leads.disqualify.hint')}
          required
          autosize
          minRows={3}
          value={reason}
          error={error}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setError(undefined);
          }}
          data-autofocus
        />
        <Group justify="flex-end" mt="xl">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" color="red" loading={update.isPending}>{t('leads.actions.disqualify')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
