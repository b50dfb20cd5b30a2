import type { ReactNode } from 'react';
import { Alert, Center, Loader, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api/problem-message.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { useAnalyticsFilters } from './analytics-filters.component.tsx';

interface ReportBodyProps {
  isPending: boolean;
  error: unknown;
  isEmpty: boolean;
  children: ReactNode;
}

/** A report's loading, failure and empty states, else the report. */
export function ReportBody({ isPending, error, isEmpty, children }: ReportBodyProps) {
  const { t } = useTranslation();
  if (isPending) return <Center py="xl" data-testid="analytics-loading"><Loader /></Center>;
  if (error) {
    const { title, detail } = describeError(error);
    return <Alert color="red" title={t('analytics.sales.loadFailed')}>{detail ?? title}</Alert>;
  }
  if (isEmpty) {
    return (
      <div data-testid="analytics-empty">
        <EmptyPlaceholder icon={<IconChartBar size={28} />} title={t('analytics.noData')} description={t('analytics.noDataHint')} />
      </div>
    );
  }
  return <>{children}</>;
}

/** How a report's figures are computed, under its chart. */
export function Formula({ text }: { text: string }) {
  const { t } = useTranslation();
  return <Text size="xs" c="dimmed" mt="xs" data-testid="analytics-formula"><b>{t('analytics.formula')}:</b> {text}</Text>;
}

/** The acquisition-source filter, which the shared filter bar doesn't offer. */
export function SourceFilter() {
  const { t } = useTranslation();
  const [filters, setFilters] = useAnalyticsFilters();
  const update = useDebouncedCallback((value: string) => setFilters({ source: value.trim() || undefined }), 400);
  return (
    <TextInput
      label={t('analytics.sales.source')} placeholder={t('analytics.sales.sourceHint')} defaultValue={filters.source ?? ''}
      onChange={(e) => update(e.currentTarget.value)} w={200} mb="md"
    />
  );
}
