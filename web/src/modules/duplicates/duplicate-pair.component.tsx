import { useState } from 'react';
import { Anchor, Badge, Button, Card, Group, Radio, Stack, Table, Text } from '@mantine/core';
import { IconArrowMerge, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../i18n/format.ts';
import { useSession } from '../auth/auth.api.ts';
import { FieldValue } from '../records/field-value.component.tsx';
import { OwnerName } from '../records/owner-name.component.tsx';
import { localized, recordTitle } from '../records/record-fields.ts';
import type { ObjectTypeMeta, RecordData } from '../records/records.types.ts';
import { comparedFields, defaultSurvivor, isKnownReason, keptFrom } from './duplicate-merge.ts';
import type { DuplicatePair } from './duplicates.types.ts';

const KEPT_BACKGROUND = 'var(--mantine-color-teal-light)';

function RecordHeader({ objectType, record, name, isSurvivor, onPick }: {
  objectType: ObjectTypeMeta;
  record: RecordData;
  name: string;
  isSurvivor: boolean;
  onPick: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Anchor component={Link} to={`/${objectType.plural}/${record.id}`} fw={600} size="sm">{recordTitle(objectType, record)}</Anchor>
      <Text size="xs" c="dimmed">
        {t('duplicates.created', { when: formatDateTime(record.created_at) })}
        {record.owner_id && <> · <OwnerName id={record.owner_id} /></>}
      </Text>
      <Radio name={name} checked={isSurvivor} onChange={onPick} label={t('duplicates.keepRecord')} size="xs" />
    </Stack>
  );
}

export interface PairMerge {
  pair: DuplicatePair;
  survivor: RecordData;
  merged: RecordData;
  /** Field → id of the record whose value stays, for the fields where the reader picked. */
  picks: Record<string, string>;
}

interface DuplicatePairCardProps {
  pair: DuplicatePair;
  objectType: ObjectTypeMeta;
  isMerging: boolean;
  isDismissing: boolean;
  onMerge: (merge: PairMerge) => void;
  onDismiss: (pair: DuplicatePair) => void;
}

/** Two records side by side: which one stays, and whose value each differing field keeps. */
export function DuplicatePairCard({ pair, objectType, isMerging, isDismissing, onMerge, onDismiss }: DuplicatePairCardProps) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const records = pair.records;
  const [survivorId, setSurvivorId] = useState(() => defaultSurvivor(records));
  const [picks, setPicks] = useState<Record<string, string>>({});
  const survivor = records.find((record) => record.id === survivorId) ?? records[0];
  const merged = records.find((record) => record.id !== survivor.id) ?? records[1];

  return (
    <Card withBorder radius="md" padding={0} data-testid="duplicate-pair">
      <Group p="sm" justify="space-between" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group gap={6}>
          <Badge color={pair.score >= 0.9 ? 'red' : pair.score >= 0.5 ? 'orange' : 'gray'}>
            {t('duplicates.match', { percent: Math.round(pair.score * 100) })}
          </Badge>
          {pair.reasons.map((reason) => (
            <Badge key={reason} variant="light" color="gray">{isKnownReason(reason) ? t(`duplicates.reasons.${reason}`) : reason}</Badge>
          ))}
        </Group>
        <Group gap="xs">
          <Button variant="default" size="xs" leftSection={<IconX size={14} />} onClick={() => onDismiss(pair)} loading={isDismissing} disabled={isMerging}>
            {t('duplicates.notDuplicates')}
          </Button>
          <Button
            size="xs"
            leftSection={<IconArrowMerge size={14} />}
            onClick={() => onMerge({ pair, survivor, merged, picks })}
            loading={isMerging}
            disabled={isDismissing}
          >
            {t('duplicates.merge')}
          </Button>
        </Group>
      </Group>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="xs" horizontalSpacing="md" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={200}>{t('duplicates.field')}</Table.Th>
              {records.map((record) => (
                <Table.Th key={record.id} fw="normal">
                  <RecordHeader
                    objectType={objectType}
                    record={record}
                    name={`survivor-${pair.id}`}
                    isSurvivor={record.id === survivor.id}
                    onPick={() => setSurvivorId(record.id)}
                  />
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {comparedFields(me, objectType, records).map(({ field, isDifferent, isChoice }) => {
              const kept = keptFrom(field, survivor, merged, picks[field.name]);
              const label = localized(field.label, i18n.language);
              return (
                <Table.Tr key={field.name} data-testid={`compare-${field.name}`}>
                  <Table.Td><Text size="sm" c="dimmed">{label}</Text></Table.Td>
                  {records.map((record) => (
                    <Table.Td key={record.id} style={{ background: isDifferent && kept === record.id ? KEPT_BACKGROUND : undefined }}>
                      {isChoice ? (
                        <Radio
                          name={`${pair.id}-${field.name}`}
                          checked={kept === record.id}
                          onChange={() => setPicks({ ...picks, [field.name]: record.id })}
                          label={<FieldValue field={field} objectType={objectType} record={record} />}
                        />
                      ) : (
                        <FieldValue field={field} objectType={objectType} record={record} />
                      )}
                    </Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed" p="sm">{t('duplicates.keepHint')}</Text>
    </Card>
  );
}
