import { Anchor, Badge, Card, Center, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconChecklist, IconSun, IconUserPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { LeadSlaBadge } from '../leads/index.ts';
import { fieldFor, optionLabel, useObjectTypes } from '../records/index.ts';
import { useMyDay } from './my-day.api.ts';

/** The morning page: my activities due today or overdue, my leads nobody has answered yet, and my deals that are stuck. */
export function MyDayPage() {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const myDay = useMyDay();
  const { data: objectTypes } = useObjectTypes();
  const fieldOf = (type: string, name: string) => objectTypes?.find((o) => o.type === type)?.fields.find((f) => f.name === name);
  const optionText = (type: string, field: string, value: string, record?: Record<string, unknown>) => {
    const meta = fieldOf(type, field);
    return meta ? optionLabel(fieldFor(meta, record), value, i18n.language) : value;
  };

  if (myDay.isPending) return <Center py="xl"><Loader /></Center>;
  const { activities = [], leads = [], rotting_deals: rotting = [] } = myDay.data ?? {};

  return (
    <Stack>
      <PageHeader title={t('myDay.title')} description={t('myDay.description')} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {can(me, 'lead', 'read') && (
          <Card withBorder padding="lg" data-testid="my-day-leads">
            <Group mb="sm"><IconUserPlus size={18} /><Title order={4}>{t('leads.myDay.title')}</Title><Badge variant="light">{leads.length}</Badge></Group>
            {leads.length === 0 ? (
              <EmptyPlaceholder icon={<IconSun size={28} />} title={t('leads.myDay.empty')} />
            ) : (
              <Stack gap="xs">
                {leads.map((l) => (
                  <Group key={l.id} justify="space-between" wrap="nowrap">
                    <div style={{ minWidth: 0 }}>
                      <Anchor component={Link} to={`/leads/${l.id}`} size="sm">{l.full_name}</Anchor>
                      <Text size="xs" c="dimmed">{[l.company_name, optionText('lead', 'channel', l.channel)].filter(Boolean).join(' · ')}</Text>
                    </div>
                    <div style={{ flexShrink: 0 }}><LeadSlaBadge lead={l} /></div>
                  </Group>
                ))}
              </Stack>
            )}
          </Card>
        )}
        <Card withBorder padding="lg" data-testid="my-day-activities">
          <Group mb="sm"><IconChecklist size={18} /><Title order={4}>{t('myDay.activities')}</Title><Badge variant="light">{activities.length}</Badge></Group>
          {activities.length === 0 ? (
            <EmptyPlaceholder icon={<IconSun size={28} />} title={t('myDay.noActivities')} />
          ) : (
            <Stack gap="xs">
              {activities.map((a) => (
                <Group key={a.id} justify="space-between" wrap="nowrap">
                  <div style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/activities/${a.id}`} size="sm">{a.subject}</Anchor>
                    <Text size="xs" c="dimmed">{optionText('activity', 'kind', a.kind)} · {formatDateTime(a.due_at)}</Text>
                  </div>
                  {a.is_overdue && <Badge color="red" variant="light">{t('myDay.overdue')}</Badge>}
                </Group>
              ))}
            </Stack>
          )}
        </Card>
        <Card withBorder padding="lg" data-testid="my-day-rotting">
          <Group mb="sm"><IconAlertTriangle size={18} /><Title order={4}>{t('myDay.rottingDeals')}</Title><Badge variant="light">{rotting.length}</Badge></Group>
          {rotting.length === 0 ? (
            <EmptyPlaceholder icon={<IconSun size={28} />} title={t('myDay.noRotting')} />
          ) : (
            <Stack gap="xs">
              {rotting.map((d) => (
                <Group key={d.id} justify="space-between" wrap="nowrap">
                  <div style={{ minWidth: 0 }}>
                    <Anchor component={Link} to={`/deals/${d.id}`} size="sm">{d.title}</Anchor>
                    <Text size="xs" c="dimmed">{optionText('deal', 'stage', d.stage, d)}</Text>
                  </div>
                  <Badge color="orange" variant="light">{t('myDay.daysInStage', { count: d.days_in_stage })}</Badge>
                </Group>
              ))}
            </Stack>
          )}
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
