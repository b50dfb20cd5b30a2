import type { ReactNode } from 'react';
import { Alert, Center, Loader, Text } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api/problem-message.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';

interface ReportBodyProps {
  isPending: boolean;
  error: unknown;
  isEmpty: boolean;
  /** Shown above the report, e.g. that the reader's role hides money figures. */
  notice?: ReactNode;
  children: ReactNode;
}

/** A report's loading, failure and empty states, else the report. */
export function ReportBody({ isPending, error, isEmpty, notice, children }: ReportBodyProps) {
  const { t } = useTranslation();
  if (isPending) return <Center py="xl" data-testid="analytics-loading"><Loader /></Center>;
  if (error) {
    const { title, detail } = describeError(error);
    return <Alert color="red" title={t('analytics.loadFailed')}>{detail ?? title}</Alert>;
  }
  if (isEmpty) {
    return (
      <div data-testid="analytics-empty">
        <EmptyPlaceholder icon={<IconChartBar size={28} />} title={t('analytics.noData')} description={t('analytics.noDataHint')} />
      </div>
    );
  }
  return <>{notice}{children}</>;
}

/** How a report's figures are computed, under its chart. */
export function Formula({ text }: { text: string }) {
  const { t } = useTranslation();
  return <Text size="xs" c="dimmed" mt="xs" data-testid="analytics-formula"><b>{t('analytics.formula')}:</b> {text}</Text>;
}
