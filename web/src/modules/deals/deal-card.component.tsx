import { ActionIcon, Anchor, Badge, Card, Group, Menu, Text, Tooltip } from '@mantine/core';
import { IconArrowsRightLeft, IconCalendar, IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDate } from '../../i18n/format.ts';
import { localized } from '../records/index.ts';
import { formatMoney } from './deal-format.ts';
import type { BoardDeal, BoardStage } from './deals.types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Today as 'YYYY-MM-DD' in the reader's calendar, to compare with plain dates. */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

interface DealCardProps {
  deal: BoardDeal;
  stage: BoardStage;
  stages: BoardStage[];
  canMove: boolean;
  onMove: (to: string) => void;
  onDragStart: () => void;
  onDragEnd: () => void;
}

export function DealCard({ deal, stage, stages, canMove, onMove, onDragStart, onDragEnd }: DealCardProps) {
  const { t, i18n } = useTranslation();
  const isOverdue = stage.outcome === 'open' && deal.expected_close_date !== null && deal.expected_close_date < today();
  const daysInStage = Math.max(0, Math.floor((Date.now() - new Date(deal.stage_changed_at).getTime()) / DAY_MS));

  return (
    <Card
      withBorder
      padding="sm"
      radius="md"
      shadow="xs"
      data-testid="deal-card"
      data-deal-id={deal.id}
      draggable={canMove}
      onDragStart={(event) => {
        event.dataTransfer.setData('text/plain', deal.id);
        event.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      style={{ cursor: canMove ? 'grab' : undefined, flexShrink: 0 }}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap={4}>
        {/* Not draggable itself, so a drag from the title moves the card rather than the link. */}
        <Anchor component={Link} to={`/deals/${deal.id}`} draggable={false} size="sm" fw={500} style={{ wordBreak: 'break-word' }}>
          {deal.title}
        </Anchor>
        {canMove && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('deals.moveTo')}>
                <IconArrowsRightLeft size={14} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t('deals.moveTo')}</Menu.Label>
              {stages.map((target) => (
                <Menu.Item
                  key={target.key}
                  disabled={target.key === stage.key}
                  leftSection={target.key === stage.key ? <IconCheck size={14} /> : null}
                  onClick={() => onMove(target.key)}
                >
                  {localized(target.label, i18n.language)}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {deal.amount && (
        <Text size="sm" fw={600} mt={4} style={{ whiteSpace: 'nowrap' }}>{formatMoney(deal.amount, deal.currency)}</Text>
      )}
      {(deal.expected_close_date || deal.is_rotting) && (
        <Group gap="xs" mt={6} justify="space-between">
          {deal.expected_close_date ? (
            <Group gap={4} wrap="nowrap" title={t('deals.expectedClose')}>
              <IconCalendar size={14} color={isOverdue ? 'var(--mantine-color-red-7)' : 'var(--mantine-color-dimmed)'} />
              <Text size="xs" c={isOverdue ? 'red.7' : 'dimmed'}>{formatDate(deal.expected_close_date)}</Text>
            </Group>
          ) : <span />}
          {deal.is_rotting && (
            <Tooltip label={t('deals.rottingHint', { count: daysInStage })} withArrow>
              <Badge color="red" variant="filled" size="xs">{t('deals.rotting')}</Badge>
            </Tooltip>
          )}
        </Group>
      )}
    </Card>
  );
}
