import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { JourneyStatus } from './journeys.types.ts';

const COLORS: Record<JourneyStatus, string> = { draft: 'gray', live: 'green', paused: 'yellow', archived: 'dark' };

export function JourneyStatusBadge({ status }: { status: JourneyStatus }) {
  const { t } = useTranslation();
  return <Badge color={COLORS[status]} variant="light" data-testid="journey-status">{t(`journeys.statuses.${status}`)}</Badge>;
}
