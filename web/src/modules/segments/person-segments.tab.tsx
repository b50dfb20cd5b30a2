import { Anchor, Badge, Center, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconFilterStar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import type { RecordTabProps } from '../records/index.ts';
import { usePersonSegments } from './segments.api.ts';

const segmentLink = (id: string, name: string | null) => <Anchor component={Link} to={`/marketing/segments/${id}`} size="sm">{name ?? id.slice(0, 8)}</Anchor>;

/** The person's segments and lists, and when they entered and left them. */
export function PersonSegmentsTab({ record }: RecordTabProps) {
  const { t } = useTranslation();
  const segments = usePersonSegments(record.id);
  if (segments.isPending) return <Center py="md"><Loader /></Center>;
  const { memberships = [], history = [] } = segments.data ?? {};
  if (memberships.length === 0 && history.length === 0) return <EmptyPlaceholder icon={<IconFilterStar size={28} />} title={t('segments.person.none')} />;
  return (
    <Stack data-testid="person-segments">
      <Title order={5}>{t('segments.person.current')}</Title>
      {memberships.length === 0 ? <Text size="sm" c="dimmed">{t('segments.person.none')}</Text> : (
        <Group gap="xs">
          {memberships.map((m) => (
            <Badge key={m.segment_id} variant="light" color={m.kind === 'dynamic' ? 'blue' : 'gray'} size="lg" title={formatDateTime(m.entered_at)}>
              {segmentLink(m.segment_id, m.name)}
            </Badge>
          ))}
        </Group>
      )}
      {history.length > 0 && (
        <>
          <Title order={5}>{t('segments.person.history')}</Title>
          <Table>
            <Table.Thead>
              <Table.Tr><Table.Th>{t('segments.builder.segment')}</Table.Th><Table.Th>{t('segments.history.change')}</Table.Th><Table.Th>{t('segments.history.at')}</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td>{event.segment_name ? segmentLink(event.segment_id, event.segment_name) : '—'}</Table.Td>
                  <Table.Td><Badge variant="light" color={event.change === 'entered' ? 'teal' : 'gray'}>{t(`segments.history.changes.${event.change}`)}</Badge></Table.Td>
                  <Table.Td>{formatDateTime(event.occurred_at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
