import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportJob, ImportStatus } from './imports.types.ts';

const STATUS_COLORS: Record<ImportStatus, string> = {
  uploaded: 'gray',
  queued: 'blue',
  running: 'blue',
  completed: 'teal',
  failed: 'red',
  cancelled: 'orange',
};

export function ImportStatusBadge({ job }: { job: Pick<ImportJob, 'status' | 'is_dry_run'> }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={STATUS_COLORS[job.status]} variant="light">{t(`imports.status.${job.status}`)}</Badge>
      {job.is_dry_run && <Badge color="grape" variant="outline">{t('imports.dryRun')}</Badge>}
    </Group>
  );
}
