import { useState } from 'react';
import { Badge, Box, Center, Group, Loader, Select, Stack, Switch, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { PermissionGate } from '../../shell/permission-gate.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can, fieldAccess } from '../auth/permissions.ts';
import { localized } from '../records/index.ts';
import { DealCard } from './deal-card.component.tsx';
import { DealCloseModal } from './deal-close.modal.tsx';
import { DealForecast } from './deal-forecast.component.tsx';
import { formatMoney } from './deal-format.ts';
import { DealViewSwitch } from './deal-view-switch.component.tsx';
import { useDealBoard, useMoveDeal } from './deals.api.ts';
import { usePipelines } from './pipelines.api.ts';
import type { BoardDeal, BoardStage, DealOutcome } from './deals.types.ts';

const COLUMN_WIDTH = 272;

const OUTCOME_STYLE: Record<DealOutcome, { accent: string; background: string; badge: string }> = {
  open: { accent: 'var(--mantine-color-blue-5)', background: 'var(--mantine-color-gray-0)', badge: 'gray' },
  won: { accent: 'var(--mantine-color-teal-6)', background: 'var(--mantine-color-teal-0)', badge: 'teal' },
  lost: { accent: 'var(--mantine-color-red-6)', background: 'var(--mantine-color-red-0)', badge: 'red' },
};

interface Dragging {
  deal: BoardDeal;
  from: string;
}

/** A move to a won or lost stage, waiting for its close reason. */
interface Closing {
  deal: BoardDeal;
  stage: BoardStage;
}

interface StageColumnProps {
  stage: BoardStage;
  stages: BoardStage[];
  canMove: boolean;
  dragging: Dragging | null;
  onDragging: (dragging: Dragging | null) => void;
  onMove: (deal: BoardDeal, from: string, to: string) => void;
}

function StageColumn({ stage, stages, canMove, dragging, onDragging, onMove }: StageColumnProps) {
  const { t, i18n } = useTranslation();
  const [isDropTarget, setDropTarget] = useState(false);
  const style = OUTCOME_STYLE[stage.outcome];
  const label = localized(stage.label, i18n.language);
  const acceptsDrop = dragging !== null && dragging.from !== stage.key;

  return (
    <Box
      component="section"
      aria-label={label}
      data-testid={`deal-column-${stage.key}`}
      onDragOver={(event) => {
        if (!acceptsDrop) return;
        // Without preventDefault the browser refuses the drop.
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        setDropTarget(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropTarget(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setDropTarget(false);
        if (acceptsDrop && event.dataTransfer.getData('text/plain') === dragging.deal.id) onMove(dragging.deal, dragging.from, stage.key);
      }}
      style={{
        flex: `0 0 ${COLUMN_WIDTH}px`,
        display: 'flex',
        flexDirection: 'column',
        background: style.background,
        borderRadius: 'var(--mantine-radius-md)',
        borderTop: `3px solid ${style.accent}`,
        outline: isDropTarget ? '2px dashed var(--mantine-color-blue-6)' : acceptsDrop ? '1px dashed var(--mantine-color-gray-4)' : undefined,
        outlineOffset: -2,
      }}
    >
      <Stack gap={2} p="sm" pb="xs">
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            {stage.outcome === 'won' && <IconCircleCheck size={16} color={style.accent} />}
            {stage.outcome === 'lost' && <IconCircleX size={16} color={style.accent} />}
            <Text fw={700} size="sm" truncate>{label}</Text>
          </Group>
          <Badge variant="light" color={style.badge} data-testid="deal-column-count">{stage.count}</Badge>
        </Group>
        <Text size="xs" c="dimmed">{t('deals.probability', { value: stage.probability })}</Text>
        {stage.totals.length === 0 ? (
          <Text size="sm" c="dimmed">—</Text>
        ) : (
          stage.totals.map((total) => (
            <Text key={total.currency} size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>{formatMoney(total.amount, total.currency)}</Text>
          ))
        )}
      </Stack>
      <Stack gap="xs" px="xs" pb="xs" style={{ flex: 1, maxHeight: '70vh', overflowY: 'auto' }}>
        {stage.deals.length === 0 ? (
          <Text size="xs" c="dimmed" ta="center" py="lg">{canMove ? t('deals.emptyColumnDrop') : t('deals.emptyColumn')}</Text>
        ) : (
          stage.deals.map((deal) => (
            <DealCard
              key={deal.id}
              deal={deal}
              stage={stage}
              stages={stages}
              canMove={canMove}
              onMove={(to) => onMove(deal, stage.key, to)}
              onDragStart={() => onDragging({ deal, from: stage.key })}
              onDragEnd={() => onDragging(null)}
            />
          ))
        )}
      </Stack>
      {stage.count > stage.deals.length && (
        <Text size="xs" c="dimmed" ta="center" pb="xs">{t('deals.shownOf', { shown: stage.deals.length, count: stage.count })}</Text>
      )}
    </Box>
  );
}

function DealBoardView() {
  const { t } = useTranslation();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const [isOnlyMine, setOnlyMine] = useState(false);
  const [dragging, setDragging] = useState<Dragging | null>(null);
  const [closing, setClosing] = useState<Closing | null>(null);
  const pipelines = usePipelines();
  // The pipeline named in the URL, else the default (listed first); a stale id falls back to it too.
  const pipeline = pipelines.data?.find((candidate) => candidate.id === params.get('pipeline')) ?? pipelines.data?.[0];
  const board = useDealBoard(pipeline?.id, isOnlyMine ? me.user.id : undefined);
  const move = useMoveDeal();
  // Moving a card writes the stage field: the role needs update rights and a writable stage.
  const canMove = can(me, 'deal', 'update') && fieldAccess(me, 'deal', 'stage') === 'write';
  // A role that may not write the reason still closes deals, without being asked why.
  const canGiveReason = fieldAccess(me, 'deal', 'close_reason') === 'write';
  const stages = board.data?.stages ?? [];

  const onMove = (deal: BoardDeal, from: string, to: string) => {
    setDragging(null);
    if (from === to) return;
    const target = stages.find((stage) => stage.key === to);
    if (target && target.outcome !== 'open' && canGiveReason) setClosing({ deal, stage: target });
    else move.mutate({ deal, to });
  };

  const onConfirmClose = (closeReason: string | undefined) => {
    if (closing) move.mutate({ deal: closing.deal, to: closing.stage.key, closeReason });
    setClosing(null);
  };

  const pipelinePicker = (pipelines.data ?? []).length > 1 && pipeline && (
    <Select
      aria-label={t('pipelines.picker')}
      data={(pipelines.data ?? []).map((candidate) => ({ value: candidate.id, label: candidate.name }))}
      value={pipeline.id}
      onChange={(id) => id && setParams({ pipeline: id }, { replace: true })}
      allowDeselect={false}
      w={220}
      comboboxProps={{ withinPortal: true }}
      data-testid="deal-pipeline-picker"
    />
  );

  return (
    <>
      <DealViewSwitch view="board" />
      <PageHeader
        title={t('deals.boardTitle')}
        description={t('deals.boardText')}
        actions={(
          <>
            {pipelinePicker}
            <Switch label={t('deals.onlyMine')} checked={isOnlyMine} onChange={(event) => setOnlyMine(event.currentTarget.checked)} />
          </>
        )}
      />
      {/* Errors first: without its pipeline the board never starts loading. */}
      {pipelines.isError || board.isError ? (
        <EmptyPlaceholder icon={<IconAlertTriangle size={28} />} title={t('errors.unexpected')} />
      ) : board.isPending ? (
        <Center py="xl"><Loader /></Center>
      ) : (
        <Box style={{ overflowX: 'auto' }} pb="sm" data-testid="deal-board">
          <Group align="stretch" wrap="nowrap" gap="sm" style={{ minWidth: 'min-content' }}>
            {stages.map((stage) => (
              <StageColumn
                key={stage.key}
                stage={stage}
                stages={stages}
                canMove={canMove}
                dragging={dragging}
                onDragging={setDragging}
                onMove={onMove}
              />
            ))}
          </Group>
        </Box>
      )}
      <DealForecast pipelineId={pipeline?.id} />
      {closing && board.data && (
        <DealCloseModal
          deal={closing.deal}
          stage={closing.stage}
          reasons={closing.stage.outcome === 'won' ? board.data.pipeline.won_reasons : board.data.pipeline.lost_reasons}
          onConfirm={onConfirmClose}
          onClose={() => setClosing(null)}
        />
      )}
    </>
  );
}

export function DealBoardPage() {
  return (
    <PermissionGate objectType="deal" action="read">
      <DealBoardView />
    </PermissionGate>
  );
}
