import { TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useAnalyticsFilters } from './analytics-filters.component.tsx';

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
