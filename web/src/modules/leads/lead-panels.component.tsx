import type { ReactNode } from 'react';
import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { useOwnerLabel } from '../records/owner-name.component.tsx';
import { RecordLink } from '../records/record-link.component.tsx';
import { useObjectType } from '../records/records.api.ts';
import { LeadSlaBadge, LeadStatusBadge } from './lead-badges.component.tsx';
import type { LeadRecord } from './leads.types.ts';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
      <Text size="sm" c="dimmed">{label}</Text>
      <div style={{ textAlign: 'right', minWidth: 0 }}>{children}</div>
    </Group>
  );
}

/** Where the lead stands and how fast it was answered. */
export function LeadSlaPanel({ lead }: { lead: LeadRecord }) {
  const { t } = useTranslation();
  const ownerLabel = useOwnerLabel();
  return (
    <Card withBorder radius="md" data-testid="lead-sla-panel">
      <Title order={5} mb="sm">{t('leads.slaPanel.title')}</Title>
      <Stack gap="xs">
        <Row label={t('leads.slaPanel.status')}><LeadStatusBadge status={lead.status} /></Row>
        <Row label={t('leads.slaPanel.owner')}>
          {lead.owner_id ? <Text size="sm">{ownerLabel(lead.owner_id)}</Text> : <Text size="sm" c="dimmed">{t('leads.unassigned')}</Text>}
        </Row>
        <Row label={t('leads.slaPanel.assignedAt')}><Text size="sm">{formatDateTime(lead.assigned_at)}</Text></Row>
        <Row label={t('leads.slaPanel.respondBy')}>
          <Stack gap={4} align="flex-end">
            <Text size="sm">{formatDateTime(lead.first_response_due_at)}</Text>
            <LeadSlaBadge lead={lead} />
          </Stack>
        </Row>
        <Row label={t('leads.slaPanel.firstContact')}><Text size="sm">{formatDateTime(lead.first_contacted_at)}</Text></Row>
        <Row label={t('leads.slaPanel.reassignments')}><Text size="sm">{formatNumber(lead.reassign_count ?? 0)}</Text></Row>
        {lead.is_sla_breached && (
          <Badge color="red" variant="light" leftSection={<IconAlertTriangle size={12} />}>{t('leads.slaPanel.breached')}</Badge>
        )}
      </Stack>
    </Card>
  );
}

/** A link to a record the lead became, named by its title once it and its type have loaded. */
function LinkedRecord({ plural, id }: { plural: string; id: string }) {
  const { objectType } = useObjectType(plural);
  if (objectType) return <RecordLink target={objectType} id={id} />;
  return <Anchor component={Link} to={`/${plural}/${id}`} size="sm">{id.slice(0, 8)}</Anchor>;
}

/** What the conversion created or linked: the contact, the company and the deal. */
export function LeadConversionPanel({ lead }: { lead: LeadRecord }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" bg="teal.0" data-testid="lead-conversion">
      <Title order={5}>{t('leads.conversion.title')}</Title>
      <Text size="xs" c="dimmed" mb="sm">{formatDateTime(lead.converted_at)}</Text>
      <Stack gap="xs">
        {lead.person_id && <Row label={t('leads.conversion.person')}><LinkedRecord plural="people" id={lead.person_id} /></Row>}
        {lead.company_id && <Row label={t('leads.conversion.company')}><LinkedRecord plural="companies" id={lead.company_id} /></Row>}
        {lead.deal_id && <Row label={t('leads.conversion.deal')}><LinkedRecord plural="deals" id={lead.deal_id} /></Row>}
      </Stack>
    </Card>
  );
}
