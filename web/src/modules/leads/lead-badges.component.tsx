import { useEffect, useState } from 'react';
import { Badge, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format.ts';
import { optionLabel } from '../records/record-fields.ts';
import { useObjectType } from '../records/records.api.ts';
import { formatMinutes, SLA_WARNING_MINUTES, slaState } from './lead-sla.ts';
import type { LeadSlaFields, LeadStatus } from './leads.types.ts';

const STATUS_COLORS: Record<LeadStatus, string> = {
  new: 'blue',
  contacted: 'cyan',
  qualified: 'violet',
  disqualified: 'gray',
  converted: 'teal',
};

/** The time now, moving on every minute, so countdowns stay true while the page is open. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

export function LeadStatusBadge({ status }: { status: string }) {
  const { i18n } = useTranslation();
  const { objectType } = useObjectType('leads');
  const field = objectType?.fields.find((candidate) => candidate.name === 'status');
  const color = STATUS_COLORS[status as LeadStatus] ?? 'gray';
  return <Badge color={color} variant="light">{field ? optionLabel(field, status, i18n.language) : status}</Badge>;
}

/** Green once the lead was contacted; otherwise the time left to answer, red when it has run out. */
export function LeadSlaBadge({ lead }: { lead: LeadSlaFields }) {
  const { t } = useTranslation();
  const now = useMinuteClock();
  const state = slaState(lead, now);
  const deadline = t('leads.sla.respondBy', { when: formatDateTime(lead.first_response_due_at) });

  switch (state.kind) {
    case 'contacted':
      return (
        <Tooltip label={t('leads.sla.contactedAt', { when: formatDateTime(state.at) })} withArrow>
          <Badge color="teal" variant="light">{t('leads.sla.contacted')}</Badge>
        </Tooltip>
      );
    case 'overdue':
      return (
        <Tooltip label={deadline} withArrow>
          <Badge color="red" variant="filled">
            {state.minutes === 0 ? t('leads.sla.overdueNow') : t('leads.sla.overdueBy', { duration: formatMinutes(state.minutes) })}
          </Badge>
        </Tooltip>
      );
    case 'due':
      return (
        <Tooltip label={deadline} withArrow>
          <Badge color={state.minutes <= SLA_WARNING_MINUTES ? 'orange' : 'blue'} variant="light">
            {t('leads.sla.dueIn', { duration: formatMinutes(state.minutes) })}
          </Badge>
        </Tooltip>
      );
    default:
      return <Text span c="dimmed" size="sm">—</Text>;
  }
}
