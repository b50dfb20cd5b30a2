import { Alert, Anchor, Badge, Button, Menu, Table, Text } from '@mantine/core';
import { IconChevronDown, IconRoute } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { notifySuccess } from '../../api/query.client.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { canEditSegments } from '../segments/segments.permissions.ts';
import { SettingsTableCard } from '../settings/settings-table-card.component.tsx';
import { useCreateFromTemplate, useJourneys, useJourneyTemplates } from './journeys.api.ts';
import { JourneyStatusBadge } from './journey-status.component.tsx';

/** Marketing → Journeys: the workspace's journeys, and new ones from the ready-made catalogue. */
export function JourneysPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const canEdit = canEditSegments(useSession());
  const journeys = useJourneys();
  const templates = useJourneyTemplates();
  const create = useCreateFromTemplate();
  const list = journeys.data ?? [];
  const language = i18n.language === 'en' ? 'en' : 'ru';

  const onCreate = (key: string) => create.mutate(key, {
    onSuccess: (journey) => {
      notifySuccess(t('journeys.created', { name: journey.name }));
      navigate(`/marketing/journeys/${journey.id}`);
    },
  });

  const templateMenu = canEdit && (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button rightSection={<IconChevronDown size={16} />} loading={create.isPending} data-testid="journey-from-template">{t('journeys.fromTemplate')}</Button>
      </Menu.Target>
      <Menu.Dropdown>
        {(templates.data ?? []).map((template) => (
          <Menu.Item key={template.key} onClick={() => onCreate(template.key)} data-testid={`journey-template-${template.key}`}>{template.name[language]}</Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );

  return (
    <>
      <PageHeader title={t('journeys.title')} description={t('journeys.description')} actions={templateMenu} />
      {!canEdit && <Alert color="gray" mb="md">{t('journeys.readOnly')}</Alert>}
      <SettingsTableCard
        isPending={journeys.isPending}
        isEmpty={list.length === 0}
        minWidth={720}
        empty={<EmptyPlaceholder icon={<IconRoute size={28} />} title={t('journeys.empty')} description={t('journeys.emptyText')} action={templateMenu} />}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('journeys.name')}</Table.Th>
            <Table.Th w={140}>{t('journeys.status')}</Table.Th>
            <Table.Th w={140}>{t('journeys.version')}</Table.Th>
            <Table.Th w={120}>{t('journeys.inProgress')}</Table.Th>
            <Table.Th w={120}>{t('journeys.enrolled')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((journey) => (
            <Table.Tr key={journey.id} data-testid="journey-row">
              <Table.Td><Anchor component={Link} to={`/marketing/journeys/${journey.id}`} size="sm" fw={500}>{journey.name}</Anchor></Table.Td>
              <Table.Td><JourneyStatusBadge status={journey.status} /></Table.Td>
              <Table.Td>
                {journey.current_version
                  ? <Badge variant="outline">{t('journeys.versionOf', { number: journey.current_version.number })}</Badge>
                  : <Text size="sm" c="dimmed">{t('journeys.noVersion')}</Text>}
              </Table.Td>
              <Table.Td><Text size="sm">{journey.in_progress ?? 0}</Text></Table.Td>
              <Table.Td><Text size="sm">{journey.enrolled ?? 0}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </SettingsTableCard>
    </>
  );
}
