import { useState } from 'react';
import { Badge, Box, Center, Group, Loader, Stack, Switch, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { PermissionGate } from '../../shell/permission-gate.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can, fieldAccess } from '../auth/permissions.ts';
import { localized } from '../records/index.ts';
import { DealCard } from './deal-card.component.tsx';
import { DealForecast } from './deal-forecast.component.tsx';
import { formatMoney } from './deal-format.ts';
import { DealViewSwitch } from './deal-view-switch.component.tsx';
import { useDealBoard, useMoveDeal } from './deals.api.ts';
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
  const [isOnlyMine, setOnlyMine] = useState(false);
  const [dragging, setDragging] = useState<Dragging | null>(null);
  const board = useDealBoard(isOnlyMine ? me.user.id : undefined);
  const move = useMoveDeal();
  // Moving a card writes the stage field: the role needs update rights and a writable stage.
  const canMove = can(me, 'deal', 'update') && fieldAccess(me, 'deal', 'stage') === 'write';
  const stages = board.data?.stages ?? [];

  const onMove = (deal: BoardDeal, from: string, to: string) => {
    setDragging(null);
    if (from !== to) move.mutate({ deal, to });
  };

  return (
    <>
      <DealViewSwitch view="board" />
      <PageHeader
        title={t('deals.boardTitle')}
        description={t('deals.boardText')}
        actions={<Switch label={t('deals.onlyMine')} checked={isOnlyMine} onChange={(event) => setOnlyMine(event.currentTarget.checked)} />}
      />
      {board.isPending ? (
        <Center py="xl"><Loader /></Center>
      ) : board.isError ? (
        <EmptyPlaceholder icon={<IconAlertTriangle size={28} />} title={t('errors.unexpected')} />
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
      <DealForecast />
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
