import { Anchor, Badge, Center, Group, Loader, Table, Text } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import type { RecordTabProps } from '../records/index.ts';
import { useCompanyPeople } from './customers-parts.api.ts';
import type { CompanyPerson } from './customers-parts.types.ts';

/** Shown for a person whose name is hidden from the reader. */
const personLabel = (person: CompanyPerson) => person.full_name || person.person_id.slice(0, 8);

const dimmedDash = <Text span size="sm" c="dimmed">—</Text>;

/** The people of a company: those whose main company it is and those with a role there. Roles are edited on the person. */
export function CompanyPeopleTab({ record }: RecordTabProps) {
  const { t } = useTranslation();
  const people = useCompanyPeople(record.id);

  if (people.isPending) return <Center py="xl"><Loader /></Center>;
  // A failed load has raised a toast; an empty list would read as "nobody works here".
  if (!people.data) return null;
  const rows = people.data;
  if (rows.length === 0) {
    return <EmptyPlaceholder icon={<IconUsers size={28} />} title={t('companyPeople.empty')} description={t('companyPeople.emptyText')} />;
  }
  return (
    <>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="xs" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('companyPeople.person')}</Table.Th>
              <Table.Th>{t('companyPeople.role')}</Table.Th>
              <Table.Th>{t('companyPeople.jobTitle')}</Table.Th>
              <Table.Th>{t('companyPeople.email')}</Table.Th>
              <Table.Th>{t('companyPeople.phone')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((person) => (
              <Table.Tr key={person.person_id} data-testid="company-person">
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Anchor component={Link} to={`/people/${person.person_id}`} size="sm" fw={500}>{personLabel(person)}</Anchor>
                    {person.is_primary && <Badge size="sm" variant="light">{t('companyPeople.primary')}</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td>{person.role ? <Text size="sm">{person.role}</Text> : dimmedDash}</Table.Td>
                <Table.Td>{person.job_title ? <Text size="sm">{person.job_title}</Text> : dimmedDash}</Table.Td>
                <Table.Td>{person.email ? <Anchor href={`mailto:${person.email}`} size="sm">{person.email}</Anchor> : dimmedDash}</Table.Td>
                <Table.Td>
                  {person.phone ? <Anchor href={`tel:${person.phone}`} size="sm" style={{ whiteSpace: 'nowrap' }}>{person.phone}</Anchor> : dimmedDash}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed" mt="sm">{t('companyPeople.rolesHint')}</Text>
    </>
  );
}
