import { Anchor, Badge, Divider, Group, Stack, Text } from '@mantine/core';
import { IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { RecordFieldsView, type FieldMeta, type RecordTabProps } from '../records/index.ts';
import { usePersonCompanies } from './customers-parts.api.ts';
import { OverviewCard, OverviewEmpty } from './overview-card.component.tsx';

// What tells who the person is and how to reach them; the details tab has the rest.
const ESSENTIAL_FIELDS = ['email', 'phone', 'job_title', 'city', 'lifecycle_stage', 'owner_id', 'telegram', 'source', 'tags'];

const isFilled = (value: unknown) => value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);

function PersonCompanyList({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const companies = usePersonCompanies(personId);
  if (companies.isPending || companies.isError) return null;
  const list = companies.data ?? [];
  return (
    <Stack gap={4} data-testid="overview-companies">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{t('personOverview.companies')}</Text>
      {list.length === 0 && <OverviewEmpty>{t('personOverview.noCompanies')}</OverviewEmpty>}
      {list.map((company) => (
        <Group key={company.company_id} gap="xs" wrap="nowrap">
          {company.name
            ? <Anchor component={Link} to={`/companies/${company.company_id}`} size="sm" fw={500}>{company.name}</Anchor>
            : <Text size="sm" c="dimmed">{t('personCompanies.hidden')}</Text>}
          {company.role && <Text size="sm" c="dimmed">· {company.role}</Text>}
          {company.is_primary && <Badge size="xs" variant="light">{t('personCompanies.primary')}</Badge>}
        </Group>
      ))}
    </Stack>
  );
}

/** Who the person is: their contact details and the companies they work with. */
export function PersonProfileBlock({ objectType, record }: RecordTabProps) {
  const { t } = useTranslation();
  const me = useSession();
  const essentials = (fields: FieldMeta[]) => ESSENTIAL_FIELDS
    .map((name) => fields.find((field) => field.name === name))
    .filter((field): field is FieldMeta => !!field && isFilled(record[field.name]));
  return (
    <OverviewCard title={t('personOverview.profile')} icon={<IconUser size={16} />} testId="overview-profile">
      <Stack gap="sm">
        <RecordFieldsView objectType={objectType} record={record} selectFields={essentials} />
        {can(me, 'company', 'read') && (
          <>
            <Divider />
            <PersonCompanyList personId={record.id} />
          </>
        )}
      </Stack>
    </OverviewCard>
  );
}
