import { Badge, Group, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format.ts';
import { exportStatus, isExportActive } from './exports.api.ts';
import type { ExportJob, ExportStatus } from './exports.types.ts';

const STATUS_COLORS: Record<ExportStatus, string> = {
  queued: 'blue',
  running: 'blue',
  completed: 'teal',
  failed: 'red',
  cancelled: 'orange',
  expired: 'gray',
};

export function ExportStatusBadge({ job }: { job: ExportJob }) {
  const { t } = useTranslation();
  const status = exportStatus(job);
  return <Badge color={STATUS_COLORS[status]} variant="light">{t(`exports.status.${status}`)}</Badge>;
}

/** Rows written out of the rows that match; the total is known once the export has started. */
export function ExportProgress({ job, size = 'md' }: { job: ExportJob; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  const isActive = isExportActive(job.status);
  const total = job.rows_total;
  const share = total ? Math.min(job.rows_done / total, 1) : job.status === 'completed' ? 1 : 0;
  const caption = job.status === 'queued' ? t('exports.waiting')
    : total === null ? t('exports.rows', { count: job.rows_done })
    : t('exports.progress', { done: formatNumber(job.rows_done), total: formatNumber(total) });
  return (
    <div>
      <Progress
        value={share * 100}
        size={size}
        striped={isActive}
        animated={isActive}
        color={job.status === 'failed' ? 'red' : job.status === 'completed' ? 'teal' : undefined}
        aria-label={caption}
      />
      <Group justify="space-between" mt={4} gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" data-testid="export-rows">{caption}</Text>
        {total !== null && total > 0 && <Text size="xs" c="dimmed">{Math.round(share * 100)}%</Text>}
      </Group>
    </div>
  );
}
