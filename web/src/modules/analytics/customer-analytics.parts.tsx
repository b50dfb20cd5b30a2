import type { ReactNode } from 'react';
import { Alert, Group, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/format.ts';
import { i18n } from '../../i18n/i18n.setup.ts';
import { AnalyticsFilterBar, useAnalyticsFilters } from './analytics-filters.component.tsx';
import { ReportBody } from './report-body.component.tsx';

const DASH = '—';

/** A figure already in percent (0–100). */
export const formatPercent = (value: number | null | undefined) =>
  (value === null || value === undefined ? DASH : `${formatNumber(value, { maximumFractionDigits: 1 })}%`);

export const formatCount = (value: number | null | undefined) =>
  (value === null || value === undefined ? DASH : formatNumber(value, { maximumFractionDigits: 1 }));

/** Money in whole units for overviews, in kopecks/pence when `isExact`. */
export function formatMoney(value: string | number | null | undefined, currency: string, isExact = false): string {
  if (value === null || value === undefined) return DASH;
  const digits = isExact ? 2 : 0;
  return formatNumber(value, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** 'YYYY-MM' as "Mar 2026" / "март 2026 г.", from parts so no time zone shifts the month. */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  return new Intl.DateTimeFormat(i18n.language, { month: 'short', year: 'numeric' }).format(new Date(Number(match[1]), Number(match[2]) - 1, 1));
}

interface CustomerReportBodyProps {
  isPending: boolean;
  error: unknown;
  isEmpty: boolean;
  isMoneyHidden?: boolean;
  children: ReactNode;
}

/** A customer report's states, noting above it when the reader's role hides money figures. */
export function CustomerReportBody({ isPending, error, isEmpty, isMoneyHidden, children }: CustomerReportBodyProps) {
  const { t } = useTranslation();
  const notice = isMoneyHidden ? <Alert color="gray" mb="md" data-testid="analytics-money-hidden">{t('analytics.customers.moneyHidden')}</Alert> : null;
  return <ReportBody isPending={isPending} error={error} isEmpty={isEmpty} notice={notice}>{children}</ReportBody>;
}

/** The shared filter bar (period, owner, team, RFM segment) with the acquisition-source filter the customer reports apply. */
export function CustomerFilters() {
  const { t } = useTranslation();
  const [filters, setFilters] = useAnalyticsFilters();
  const update = useDebouncedCallback((value: string) => setFilters({ source: value.trim() || undefined }), 400);
  return (
    <Group gap="sm" align="flex-end">
      <AnalyticsFilterBar fields={['period', 'owner', 'team', 'segment']} />
      <TextInput
        label={t('analytics.customers.source')} placeholder={t('analytics.customers.sourceHint')} defaultValue={filters.source ?? ''}
        onChange={(e) => update(e.currentTarget.value)} w={200} mb="md"
      />
    </Group>
  );
}
