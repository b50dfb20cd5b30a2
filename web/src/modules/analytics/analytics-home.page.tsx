import { Button, Card, Group, SimpleGrid, Text } from '@mantine/core';
import { IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/auth.api.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { analyticsReports } from './analytics.nav.tsx';
import { AnalyticsDashboard } from './dashboard.component.tsx';

/** The analytics start page: the reports this member may open. */
export function AnalyticsHomePage() {
  const { t } = useTranslation();
  const me = useSession();
  const reports = analyticsReports(me, t).filter((report) => report.isVisible);
  return (
    <>
      <PageHeader title={t('analytics.title')} description={t('analytics.description')} />
      <AnalyticsDashboard />
      {reports.length === 0 && <EmptyPlaceholder icon={<IconChartBar />} title={t('analytics.noData')} />}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {reports.map((report) => (
          <Card key={report.to} withBorder radius="md" padding="md">
            <Group gap="xs" mb={6} wrap="nowrap">{report.icon}<Text fw={600}>{report.label}</Text></Group>
            <Text size="sm" c="dimmed" mb="sm">{report.description}</Text>
            <Button component={Link} to={report.to} variant="light" size="xs">{t('analytics.open')}</Button>
          </Card>
        ))}
      </SimpleGrid>
    </>
  );
}
