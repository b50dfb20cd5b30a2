import { useState } from 'react';
import { Anchor, Button, Center, Chip, Group, Loader, Stack, Text, Timeline } from '@mantine/core';
import { IconActivity, IconBuilding, IconCalendarEvent, IconReportMoney, IconUser, IconUserPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime, formatPlainValue } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { fieldFor, localized, optionLabel, useObjectTypes, type FieldMeta, type ObjectTypeMeta } from '../records/index.ts';
import { useTimeline, type TimelineEntry } from './timeline.api.ts';

const ICONS: Record<string, typeof IconActivity> = {
  person: IconUser, company: IconBuilding, deal: IconReportMoney, activity: IconCalendarEvent, lead: IconUserPlus,
};

/** What happened, in the reader's language: "Deal “Supply” moved to a new stage". */
function EntryText({ entry, objectType }: { entry: TimelineEntry; objectType: ObjectTypeMeta | undefined }) {
  const { t, i18n } = useTranslation();
  const action = entry.event.slice(entry.event.indexOf('.') + 1);
  const verb = t(`timeline.actions.${action}`, { defaultValue: action });
  const typeLabel = objectType ? localized(objectType.label, i18n.language) : entry.entity_type;
  const title = entry.title ?? '—';
  return (
    <Text size="sm">
      {typeLabel}{' '}
      {objectType && entry.event !== `${entry.entity_type}.deleted`
        ? <Anchor component={Link} to={`/${objectType.plural}/${entry.entity_id}`} size="sm">«{title}»</Anchor>
        : <>«{title}»</>}
      {': '}{verb}
    </Text>
  );
}

function ChangeList({ entry, objectType }: { entry: TimelineEntry; objectType: ObjectTypeMeta | undefined }) {
  const { i18n } = useTranslation();
  if (!entry.event.endsWith('.updated') && !entry.event.endsWith('.stage_changed')) return null;
  const changes = Object.entries(entry.changes);
  if (changes.length === 0) return null;
  /**
   * A stage is named from its pipeline when the entry records the pipeline too (a move between
   * pipelines). Entries don't keep an unchanged pipeline, so otherwise the default pipeline's
   * name is used, and the names of every pipeline with the key when the default one lacks it.
   */
  const nameOf = (meta: FieldMeta, value: string, which: 'before' | 'after') => {
    const controller = meta.depends_on?.field;
    const recorded = controller ? entry.changes[controller]?.[which] ?? '' : undefined;
    const narrowed = controller ? fieldFor(meta, { [controller]: recorded }) : meta;
    return optionLabel(narrowed.option_labels?.[value] ? narrowed : meta, value, i18n.language);
  };
  return (
    <Stack gap={2} mt={4}>
      {changes.map(([field, change]) => {
        const meta = objectType?.fields.find((f) => f.name === field);
        const label = meta ? localized(meta.label, i18n.language) : field;
        const show = (value: unknown, which: 'before' | 'after') =>
          (meta?.option_labels && typeof value === 'string' ? nameOf(meta, value, which) : formatPlainValue(value));
        return (
          <Text key={field} size="xs" c="dimmed">
            {label}: {show(change.before, 'before')} → {show(change.after, 'after')}
          </Text>
        );
      })}
    </Stack>
  );
}

/** The record's chronological history across modules, with a filter by record type. */
export function RecordTimeline({ subjectType, subjectId }: { subjectType: string; subjectId: string }) {
  const { t, i18n } = useTranslation();
  const { data: objectTypes } = useObjectTypes();
  const [types, setTypes] = useState<string[]>([]);
  const timeline = useTimeline(subjectType, subjectId, types);
  const entries = timeline.data?.pages.flatMap((page) => page.data) ?? [];
  const typeOf = (type: string) => objectTypes?.find((o) => o.type === type);

  return (
    <Stack>
      <Chip.Group multiple value={types} onChange={setTypes}>
        <Group gap="xs" aria-label={t('timeline.filter')}>
          {(objectTypes ?? []).map((o) => (
            <Chip key={o.type} value={o.type} size="xs">{localized(o.label_plural, i18n.language)}</Chip>
          ))}
        </Group>
      </Chip.Group>
      {timeline.isPending ? (
        <Center py="xl"><Loader /></Center>
      ) : entries.length === 0 ? (
        <EmptyPlaceholder icon={<IconActivity size={32} />} title={t('timeline.emptyTitle')} description={t('timeline.emptyText')} />
      ) : (
        <Timeline bulletSize={26} lineWidth={2} data-testid="record-timeline">
          {entries.map((entry) => {
            const Icon = ICONS[entry.entity_type] ?? IconActivity;
            return (
              <Timeline.Item key={`${entry.id}`} bullet={<Icon size={14} />}>
                <EntryText entry={entry} objectType={typeOf(entry.entity_type)} />
                <ChangeList entry={entry} objectType={typeOf(entry.entity_type)} />
                <Text size="xs" c="dimmed" mt={2}>{formatDateTime(entry.occurred_at)}</Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
      {timeline.hasNextPage && (
        <Center>
          <Button variant="default" loading={timeline.isFetchingNextPage} onClick={() => void timeline.fetchNextPage()}>{t('common.loadMore')}</Button>
        </Center>
      )}
    </Stack>
  );
}
