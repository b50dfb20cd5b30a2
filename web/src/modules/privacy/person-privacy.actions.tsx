import { useState } from 'react';
import { Anchor, Button, Group, Modal, Progress, Stack, Text, TextInput } from '@mantine/core';
import { IconFileExport, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notifyError, notifySuccess } from '../../api/query.client.ts';
import type { RecordTabProps } from '../records/index.ts';
import { describePrivacyError, subjectAccessDownloadUrl, useErasePerson, useRequestSubjectAccess, useSubjectAccess } from './privacy.api.ts';

/** The person page's "Export personal data": a background export, then JSON and HTML links. */
export function SubjectAccessAction({ record }: RecordTabProps) {
  const { t } = useTranslation();
  const request = useRequestSubjectAccess(record.id);
  const [requestId, setRequestId] = useState<string | null>(null);
  const progress = useSubjectAccess(requestId);
  const job = progress.data;
  const start = () => request.mutate(undefined, { onSuccess: (started) => setRequestId(started.id), onError: (error) => notifyError(error, describePrivacyError) });
  return (
    <>
      <Button variant="default" leftSection={<IconFileExport size={16} />} onClick={start} loading={request.isPending}>{t('privacy.access.button')}</Button>
      <Modal opened={!!requestId} onClose={() => setRequestId(null)} title={t('privacy.access.title')}>
        <Stack>
          {job?.status === 'completed' ? (
            <Group>
              <Anchor href={subjectAccessDownloadUrl(job.id, 'html')} target="_blank">{t('privacy.access.html')}</Anchor>
              <Anchor href={subjectAccessDownloadUrl(job.id, 'json')} download>{t('privacy.access.json')}</Anchor>
            </Group>
          ) : job?.status === 'failed' ? (
            <Text c="red">{job.error}</Text>
          ) : (
            <>
              <Text size="sm">{t('privacy.access.running')}</Text>
              <Progress value={job?.sections_total ? (100 * job.sections_done) / job.sections_total : 0} aria-label={t('privacy.access.running')} />
            </>
          )}
        </Stack>
      </Modal>
    </>
  );
}

/** The person page's "Erase personal data": irreversible, so the person's id must be typed again. */
export function ErasePersonAction({ record }: RecordTabProps) {
  const { t } = useTranslation();
  const erase = useErasePerson(record.id);
  const [isOpen, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const submit = () => erase.mutate(typed, {
    onSuccess: (outcome) => {
      setOpen(false);
      notifySuccess(outcome.total > 0 ? t('privacy.erase.done', { count: outcome.total }) : t('privacy.erase.nothing'));
    },
    onError: (error) => notifyError(error, describePrivacyError),
  });
  return (
    <>
      <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setOpen(true)}>{t('privacy.erase.button')}</Button>
      <Modal opened={isOpen} onClose={() => setOpen(false)} title={t('privacy.erase.title')}>
        <Stack>
          <Text size="sm">{t('privacy.erase.warning')}</Text>
          <Text size="sm">{t('privacy.erase.typeId')} <code>{record.id}</code></Text>
          <TextInput label={t('privacy.erase.confirmLabel')} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} autoComplete="off" />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
            <Button color="red" disabled={typed.trim() !== record.id} loading={erase.isPending} onClick={submit}>{t('privacy.erase.confirm')}</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
