import { useEffect, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Group, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { apiRequest } from '../../api/http.client.ts';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { usePipelines } from '../deals/index.ts';
import { MemberSelect } from '../records/index.ts';
import { useTeams } from '../settings/settings.api.ts';
import { RFM_SEGMENTS, type RfmSegment } from './customer-value.api.ts';

/** The filters of the analytics API (`analyticsFiltersSchema`), kept in the page's address so a view can be shared. */
export interface AnalyticsFilters {
  from?: string;
  to?: string;
  owner_id?: string;
  team_id?: string;
  pipeline_id?: string;
  source?: string;
  segment?: RfmSegment;
}
export type AnalyticsFilterKey = keyof AnalyticsFilters;
const KEYS: AnalyticsFilterKey[] = ['from', 'to', 'owner_id', 'team_id', 'pipeline_id', 'source', 'segment'];

/** Activity older than this makes the workspace an archive, whose reports open on its last period. */
const ARCHIVE_AFTER_DAYS = 30;

export function useAnalyticsFilters(): [AnalyticsFilters, (change: AnalyticsFilters) => void] {
  const [params, setParams] = useSearchParams();
  const range = useQuery({
    queryKey: ['analytics', 'data-range'],
    queryFn: () => apiRequest<{ last_activity_on: string | null; today: string }>('/analytics/data-range'),
    staleTime: 10 * 60_000,
  });
  // A workspace whose data ended long ago (an imported archive) opens on the period ending with it, shown in the filters.
  const lastDay = range.data?.last_activity_on;
  const isArchive = !!lastDay && Date.parse(range.data!.today) - Date.parse(lastDay) > ARCHIVE_AFTER_DAYS * 86_400_000;
  useEffect(() => {
    if (!isArchive || params.get('from') || params.get('to')) return;
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set('to', lastDay!);
      return next;
    }, { replace: true });
  }, [isArchive, lastDay, params, setParams]);
  const filters = useMemo(() => Object.fromEntries(KEYS.flatMap((key) => (params.get(key) ? [[key, params.get(key)!]] : []))) as AnalyticsFilters, [params]);
  const update = (change: AnalyticsFilters) => setParams((current) => {
    const next = new URLSearchParams(current);
    for (const key of KEYS) {
      if (!(key in change)) continue;
      const value = change[key];
      if (value) next.set(key, value);
      else next.delete(key);
    }
    return next;
  }, { replace: true });
  return [filters, update];
}

interface AnalyticsFilterBarProps {
  /** The filters this report applies; the others are not offered. */
  fields: ('period' | 'owner' | 'team' | 'pipeline' | 'segment')[];
}

/** Period, owner, team and pipeline pickers above a report. */
export function AnalyticsFilterBar({ fields }: AnalyticsFilterBarProps) {
  const { t } = useTranslation();
  const me = useSession();
  const [filters, setFilters] = useAnalyticsFilters();
  const isTeamShown = fields.includes('team') && can(me, 'team', 'read');
  const teams = useTeams(isTeamShown);
  const pipelines = usePipelines();
  return (
    <Group gap="sm" mb="md" align="flex-end" data-testid="analytics-filters">
      {fields.includes('period') && (
        <>
          <TextInput type="date" label={t('analytics.filters.from')} value={filters.from ?? ''} max={filters.to} onChange={(e) => setFilters({ from: e.currentTarget.value })} w={160} />
          <TextInput type="date" label={t('analytics.filters.to')} value={filters.to ?? ''} min={filters.from} onChange={(e) => setFilters({ to: e.currentTarget.value })} w={160} />
        </>
      )}
      {fields.includes('owner') && (
        <MemberSelect label={t('analytics.filters.owner')} placeholder={t('analytics.filters.everyone')} value={filters.owner_id ?? null} onChange={(value) => setFilters({ owner_id: value ?? undefined })} />
      )}
      {isTeamShown && (
        <Select
          label={t('analytics.filters.team')} placeholder={t('analytics.filters.allTeams')} clearable
          data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
          value={filters.team_id ?? null} onChange={(value) => setFilters({ team_id: value ?? undefined })}
        />
      )}
      {fields.includes('pipeline') && can(me, 'deal', 'read') && (
        <Select
          label={t('analytics.filters.pipeline')} placeholder={t('analytics.filters.allPipelines')} clearable
          data={(pipelines.data ?? []).map((pipeline) => ({ value: pipeline.id, label: pipeline.name }))}
          value={filters.pipeline_id ?? null} onChange={(value) => setFilters({ pipeline_id: value ?? undefined })}
        />
      )}
      {fields.includes('segment') && (
        <Select
          label={t('analytics.value.segmentFilter')} placeholder={t('analytics.value.allSegments')} clearable w={220}
          data={RFM_SEGMENTS.map((segment) => ({ value: segment, label: t(`analytics.value.segments.${segment}`) }))}
          value={filters.segment ?? null} onChange={(value) => setFilters({ segment: (value ?? undefined) as RfmSegment | undefined })}
        />
      )}
    </Group>
  );
}
