import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Center, Group, Loader, Menu, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconCircleCheck, IconDownload, IconPlayerStop } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatBytes, formatDateTime } from '../../i18n/format.ts';
import { ExportProgress, ExportStatusBadge } from './export-status.component.tsx';
import { exportDownloadUrl, exportStatus, isExportActive, useCancelExport, useExport, useStartExport } from './exports.api.ts';
import type { ExportFormat, ExportJob } from './exports.types.ts';
import { localized } from './record-fields.ts';
import type { ListCriteria } from './records.api.ts';
import type { ObjectTypeMeta } from './records.types.ts';

/** What a finished export says: the file to download, why it failed, or that it was stopped. */
function ExportOutcome({ job }: { job: ExportJob }) {
  const { t } = useTranslation();
  const status = exportStatus(job);
  if (status === 'completed') {
    return (
      <Alert color="teal" icon={<IconCircleCheck size={18} />} title={t('exports.readyTitle')}>
        <Stack gap="sm" align="flex-start">
          <Text size="sm">
            {t('exports.readyText', { rows: t('exports.rows', { count: job.rows_done }), size: formatBytes(job.file_bytes ?? 0), until: formatDateTime(job.expires_at) })}
          </Text>
          <Button component="a" href={exportDownloadUrl(job.id)} download leftSection={<IconDownload size={16} />}>{t('exports.download')}</Button>
        </Stack>
      </Alert>
    );
  }
  if (status === 'failed') return <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('exports.failedTitle')}>{job.error}</Alert>;
  if (status === 'cancelled') return <Alert color="orange" icon={<IconPlayerStop size={18} />} title={t('exports.cancelledTitle')} />;
  if (status === 'expired') return <Alert color="gray" title={t('exports.expiredTitle')}>{t('exports.expiredText')}</Alert>;
  return null;
}

interface ExportProgressModalProps {
  objectType: ObjectTypeMeta;
  exportId: string;
  onClose: () => void;
}

/** Follows one export until it ends; closing it leaves the export running. */
function ExportProgressModal({ objectType, exportId, onClose }: ExportProgressModalProps) {
  const { t, i18n } = useTranslation();
  const query = useExport(exportId);
  const cancel = useCancelExport();
  const job = query.data;
  const isActive = job !== undefined && isExportActive(job.status);

  return (
    <Modal opened onClose={onClose} title={t('exports.modalTitle', { type: localized(objectType.label_plural, i18n.language) })}>
      {!job ? (
        <Center py="lg"><Loader /></Center>
      ) : (
        <Stack data-testid="export-progress">
          <Group gap="xs">
            <ExportStatusBadge job={job} />
            <Badge variant="outline" color="gray">{t(`exports.formats.${job.format}`)}</Badge>
          </Group>
          <ExportProgress job={job} size="lg" />
          {isActive && <Text size="sm" c="dimmed">{t('exports.keepsRunning')}</Text>}
          <ExportOutcome job={job} />
          <Group justify="space-between">
            <Anchor component={Link} to="/exports" size="sm" onClick={onClose}>{t('exports.openAll')}</Anchor>
            <Group gap="xs">
              {isActive && (
                <Button variant="light" color="red" leftSection={<IconPlayerStop size={16} />} onClick={() => cancel.mutate(job.id)} loading={cancel.isPending}>
                  {t('exports.cancel')}
                </Button>
              )}
              <Button variant="default" onClick={onClose}>{t('exports.close')}</Button>
            </Group>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

interface RecordExportButtonProps {
  objectType: ObjectTypeMeta;
  /** The list as the reader sees it: the saved view's filter is already part of `filter`. */
  criteria: Pick<ListCriteria, 'q' | 'filter'>;
}

/** Starts a background export of the list as it is now and follows its progress; people may go out as vCards too. */
export function RecordExportButton({ objectType, criteria }: RecordExportButtonProps) {
  const { t } = useTranslation();
  const start = useStartExport();
  const [exportId, setExportId] = useState<string | null>(null);
  const isPeople = objectType.type === 'person';

  const run = (format: ExportFormat) => start.mutate(
    {
      object_type: objectType.type,
      format,
      ...(criteria.filter ? { filter: criteria.filter } : {}),
      ...(criteria.q ? { q: criteria.q } : {}),
    },
    { onSuccess: (job) => setExportId(job.id) },
  );

  return (
    <>
      {isPeople ? (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button variant="default" leftSection={<IconDownload size={16} />} rightSection={<IconChevronDown size={14} />} loading={start.isPending}>
              {t('exports.button')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => run('csv')}>{t('exports.asCsv')}</Menu.Item>
            <Menu.Item onClick={() => run('vcf')}>{t('exports.asVcf')}</Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ) : (
        <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => run('csv')} loading={start.isPending}>
          {t('records.exportCsv')}
        </Button>
      )}
      {exportId && <ExportProgressModal key={exportId} objectType={objectType} exportId={exportId} onClose={() => setExportId(null)} />}
    </>
  );
}
