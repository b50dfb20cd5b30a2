import { useState } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconChartFunnel, IconLock, IconPlus, IconStar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../api/query.client.ts';
import { ConfirmDialog } from '../../../shell/confirm-dialog.component.tsx';
import { EmptyPlaceholder } from '../../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../../shell/page-header.component.tsx';
import { useSession } from '../../auth/auth.api.ts';
import { canConfigurePipelines, useDeletePipeline, usePipelines, useUpdatePipeline, type DealOutcome, type Pipeline } from '../../deals/index.ts';
import { localized } from '../../records/index.ts';
import { SettingsRowActions } from '../settings-row-actions.component.tsx';
import { SettingsTableCard } from '../settings-table-card.component.tsx';
import { PipelineEditModal } from './pipeline-edit.modal.tsx';

const OUTCOME_COLOR: Record<DealOutcome, string> = { open: 'blue', won: 'teal', lost: 'red' };

function StagesCell({ pipeline }: { pipeline: Pipeline }) {
  const { t, i18n } = useTranslation();
  return (
    <Group gap={4}>
      {pipeline.stages.map((stage) => (
        <Tooltip key={stage.key} label={t('pipelines.stageSummary', { outcome: t(`pipelines.outcomes.${stage.outcome}`), probability: stage.probability })} withArrow>
          <Badge variant="light" color={OUTCOME_COLOR[stage.outcome]} tt="none">{localized(stage.label, i18n.language)}</Badge>
        </Tooltip>
      ))}
    </Group>
  );
}

function ReasonsCell({ pipeline }: { pipeline: Pipeline }) {
  const { t } = useTranslation();
  const lists = [
    { label: t('pipelines.wonReasons'), reasons: pipeline.won_reasons },
    { label: t('pipelines.lostReasons'), reasons: pipeline.lost_reasons },
  ];
  return (
    <Stack gap={0}>
      {lists.map(({ label, reasons }) => (
        <Text key={label} size="xs" c={reasons.length > 0 ? undefined : 'dimmed'} lineClamp={1} title={reasons.join('\n')}>
          {label}: {reasons.length > 0 ? reasons.join(', ') : t('pipelines.anyReason')}
        </Text>
      ))}
    </Stack>
  );
}

/** The deal pipelines: everyone who reads deals may look; managers and administrators change them. */
export function PipelinesPage() {
  const { t } = useTranslation();
  const me = useSession();
  const canEdit = canConfigurePipelines(me);
  const pipelines = usePipelines();
  const update = useUpdatePipeline();
  const remove = useDeletePipeline();
  // undefined: closed; null: adding; a pipeline: editing it.
  const [editing, setEditing] = useState<Pipeline | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<Pipeline | null>(null);
  const list = pipelines.data ?? [];

  const onMakeDefault = (pipeline: Pipeline) =>
    update.mutate({ id: pipeline.id, is_default: true }, { onSuccess: () => notifySuccess(t('pipelines.madeDefault', { name: pipeline.name })) });

  const onDelete = () => {
    if (!deleting) return;
    // A refusal (deals still in the pipeline) comes as a toast with the server's count.
    remove.mutate(deleting.id, {
      onSuccess: () => notifySuccess(t('pipelines.deleted', { name: deleting.name })),
      onSettled: () => setDeleting(null),
    });
  };

  return (
    <>
      <PageHeader
        title={t('pipelines.title')}
        description={t('pipelines.description')}
        actions={canEdit && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>{t('pipelines.add')}</Button>}
      />
      {!canEdit && <Alert color="gray" icon={<IconLock size={18} />} mb="md">{t('pipelines.readOnly')}</Alert>}
      <SettingsTableCard
        isPending={pipelines.isPending}
        // A workspace always has its default pipeline: an empty list means the request failed.
        isEmpty={list.length === 0}
        minWidth={860}
        empty={<EmptyPlaceholder icon={<IconChartFunnel size={28} />} title={t('errors.unexpected')} />}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th miw={200}>{t('pipelines.name')}</Table.Th>
            <Table.Th>{t('pipelines.stages')}</Table.Th>
            <Table.Th w={260}>{t('pipelines.reasons')}</Table.Th>
            {canEdit && <Table.Th w={130} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((pipeline) => (
            <Table.Tr key={pipeline.id} data-testid="pipeline-row">
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm" fw={500}>{pipeline.name}</Text>
                  {pipeline.is_default && <Badge size="sm" variant="filled">{t('pipelines.default')}</Badge>}
                </Group>
              </Table.Td>
              <Table.Td><StagesCell pipeline={pipeline} /></Table.Td>
              <Table.Td><ReasonsCell pipeline={pipeline} /></Table.Td>
              {canEdit && (
                <Table.Td>
                  <SettingsRowActions
                    onEdit={() => setEditing(pipeline)}
                    // New deals go to the default pipeline: another one becomes the default before it can go.
                    onDelete={pipeline.is_default ? undefined : () => setDeleting(pipeline)}
                  >
                    {!pipeline.is_default && (
                      <Tooltip label={t('pipelines.makeDefault')} withArrow>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={t('pipelines.makeDefault')}
                          loading={update.isPending && update.variables.id === pipeline.id}
                          onClick={() => onMakeDefault(pipeline)}
                        >
                          <IconStar size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </SettingsRowActions>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </SettingsTableCard>
      {editing !== undefined && (
        <PipelineEditModal pipeline={editing ?? undefined} template={list.find((pipeline) => pipeline.is_default)?.stages ?? []} onClose={() => setEditing(undefined)} />
      )}
      <ConfirmDialog
        opened={deleting !== null}
        title={t('pipelines.deleteTitle')}
        message={t('pipelines.deleteText', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        isPending={remove.isPending}
        onConfirm={onDelete}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
