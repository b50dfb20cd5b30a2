import { useEffect, useState } from 'react';
import { Button, Card, Center, Group, Loader, SegmentedControl, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconCopyCheck, IconLock, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { notifySuccess } from '../../api/query.client.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { useObjectTypes } from '../records/index.ts';
import { localized, recordTitle } from '../records/record-fields.ts';
import type { ObjectTypeMeta } from '../records/records.types.ts';
import { mergeTake, reviewableTypes } from './duplicate-merge.ts';
import { RecentMerges } from './duplicate-merges.component.tsx';
import { DuplicatePairCard, type PairMerge } from './duplicate-pair.component.tsx';
import { useDismissPair, useDuplicatePairs, useMergeRecords, useScanDuplicates, useUndoMerge } from './duplicates.api.ts';

/** How long after a scan the queue keeps asking for new pairs: the scan has no progress to follow. */
const SCAN_WATCH_MS = 20_000;
const UNDO_WINDOW_MS = 10_000;

/** A toast with an undo button; it lives outside the page, so it gets the undo as a callback. */
function notifyMerged(message: string, undoLabel: string, onUndo: () => void) {
  const id = notifications.show({
    color: 'teal',
    autoClose: UNDO_WINDOW_MS,
    message: (
      <Stack gap={6} align="flex-start">
        <Text size="sm">{message}</Text>
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconArrowBackUp size={14} />}
          onClick={() => {
            notifications.hide(id);
            onUndo();
          }}
        >
          {undoLabel}
        </Button>
      </Stack>
    ),
  });
}

function DuplicateReview({ objectType, isWatching }: { objectType: ObjectTypeMeta; isWatching: boolean }) {
  const { t } = useTranslation();
  const pairs = useDuplicatePairs(objectType.type, { isWatching });
  const merge = useMergeRecords();
  const dismiss = useDismissPair();
  const undo = useUndoMerge();
  const list = pairs.data?.pages.flatMap((page) => page.data) ?? [];

  const onMerge = ({ pair, survivor, merged, picks }: PairMerge) => merge.mutate(
    { object_type: pair.object_type, survivor_id: survivor.id, merged_id: merged.id, take: mergeTake(picks, survivor.id) },
    {
      onSuccess: (result) => notifyMerged(
        t('duplicates.merged', { merged: recordTitle(objectType, merged), survivor: recordTitle(objectType, result.survivor) }),
        t('duplicates.undo'),
        () => undo.mutate(result.merge_id),
      ),
    },
  );
  const onDismiss = (id: string) => dismiss.mutate(id, { onSuccess: () => notifySuccess(t('duplicates.dismissed')) });

  const renderQueue = () => {
    if (pairs.isPending) return <Center py="xl"><Loader /></Center>;
    if (list.length === 0) {
      return (
        <Card withBorder padding={0} radius="md">
          <EmptyPlaceholder
            icon={isWatching ? <Loader size="sm" /> : <IconCopyCheck size={28} />}
            title={isWatching ? t('duplicates.scanning') : t('duplicates.emptyTitle')}
            description={isWatching ? t('duplicates.scanStarted') : t('duplicates.emptyText')}
          />
        </Card>
      );
    }
    return (
      <Stack gap="md">
        {list.map((pair) => (
          <DuplicatePairCard
            key={pair.id}
            pair={pair}
            objectType={objectType}
            isMerging={merge.isPending && pair.records.some((record) => record.id === merge.variables?.merged_id)}
            isDismissing={dismiss.isPending && dismiss.variables === pair.id}
            onMerge={onMerge}
            onDismiss={(candidate) => onDismiss(candidate.id)}
          />
        ))}
        {pairs.hasNextPage && (
          <Center>
            <Button variant="default" onClick={() => void pairs.fetchNextPage()} loading={pairs.isFetchingNextPage}>{t('common.loadMore')}</Button>
          </Center>
        )}
      </Stack>
    );
  };

  return (
    <>
      {renderQueue()}
      <RecentMerges objectType={objectType} undoingId={undo.isPending ? undo.variables : null} onUndo={(mergeId) => undo.mutate(mergeId)} />
    </>
  );
}

/** The duplicate queue of one record type at a time (kept in the URL), and its recent merges. */
export function DuplicatesPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const objectTypes = useObjectTypes();
  const [params, setParams] = useSearchParams();
  const scan = useScanDuplicates();
  const [watchedType, setWatchedType] = useState<string | null>(null);
  const types = reviewableTypes(me).flatMap((type) => objectTypes.data?.find((candidate) => candidate.type === type) ?? []);
  const objectType = types.find((candidate) => candidate.plural === params.get('type')) ?? types[0];

  useEffect(() => {
    if (!watchedType) return;
    const timer = setTimeout(() => setWatchedType(null), SCAN_WATCH_MS);
    return () => clearTimeout(timer);
  }, [watchedType]);

  const onScan = (type: string) => scan.mutate(type, {
    onSuccess: () => {
      notifySuccess(t('duplicates.scanStarted'));
      setWatchedType(type);
    },
  });

  const renderBody = () => {
    if (objectTypes.isPending) return <Center py="xl"><Loader /></Center>;
    if (!objectType) {
      return <EmptyPlaceholder icon={<IconLock size={28} />} title={t('errors.noAccessTitle')} description={t('errors.noAccessText')} />;
    }
    return (
      <>
        <Group justify="space-between" mb="md">
          <SegmentedControl
            aria-label={t('duplicates.recordType')}
            value={objectType.plural}
            onChange={(plural) => setParams({ type: plural }, { replace: true })}
            data={types.map((type) => ({ value: type.plural, label: localized(type.label_plural, i18n.language) }))}
          />
          <Button leftSection={<IconSearch size={16} />} onClick={() => onScan(objectType.type)} loading={scan.isPending}>
            {t('duplicates.scan')}
          </Button>
        </Group>
        <DuplicateReview key={objectType.type} objectType={objectType} isWatching={watchedType === objectType.type} />
      </>
    );
  };

  return (
    <>
      <PageHeader title={t('duplicates.title')} description={t('duplicates.description')} />
      {renderBody()}
    </>
  );
}
