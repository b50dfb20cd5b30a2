import { Anchor, Badge, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { IconBuilding } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { RecordRoleLinksEditor, RecordSearchAdder, type RecordTabProps } from '../records/index.ts';
import { companySearchQuery, usePersonCompanies, useSavePersonCompanies } from './customers-parts.api.ts';
import type { CompanyHit, PersonCompany } from './customers-parts.types.ts';

const MAX_COMPANIES = 100;
const ROLE_KEYS = ['director', 'accountant', 'boardMember', 'founder', 'lawyer', 'contact'] as const;

/** Shown for a company the reader may not see. */
const companyLabel = (company: Pick<PersonCompany, 'company_id' | 'name'>) => company.name || company.company_id.slice(0, 8);

const companyOf = (hit: CompanyHit): PersonCompany => ({
  company_id: hit.id, role: null, is_primary: false, name: hit.name ?? null, city: hit.city ?? null,
});

const companyIdOf = (company: PersonCompany) => company.company_id;

/** Finds a company to add by name, INN or city; companies already listed are left out. */
function CompanyAdder({ excluded, onAdd }: { excluded: ReadonlySet<string>; onAdd: (company: CompanyHit) => void }) {
  const { t } = useTranslation();
  return (
    <RecordSearchAdder
      searchQuery={companySearchQuery}
      excluded={excluded}
      labelOf={(company) => company.name || company.id.slice(0, 8)}
      detailsOf={(company) => [company.city, company.inn].filter(Boolean).join(' · ')}
      onAdd={onAdd}
      ariaLabel={t('personCompanies.add')}
      placeholder={t('personCompanies.addPlaceholder')}
      w={360}
    />
  );
}

function CompanyDetails({ company }: { company: PersonCompany }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      <Group gap="xs" wrap="nowrap">
        {company.name ? (
          <Anchor component={Link} to={`/companies/${company.company_id}`} size="sm" fw={500}>{company.name}</Anchor>
        ) : (
          <Text size="sm" c="dimmed" title={t('personCompanies.hidden')}>{companyLabel(company)}</Text>
        )}
        {company.is_primary && <Badge size="sm" variant="light">{t('personCompanies.primary')}</Badge>}
      </Group>
      {company.city && <Text size="xs" c="dimmed">{company.city}</Text>}
    </Stack>
  );
}

/** The companies a person works with: their main company first, then the others with roles. */
export function PersonCompaniesTab({ record }: RecordTabProps) {
  const { t } = useTranslation();
  const me = useSession();
  const companies = usePersonCompanies(record.id);
  const save = useSavePersonCompanies(record.id);
  if (companies.isPending) return <Center py="xl"><Loader /></Center>;
  if (!companies.data) return null;
  // Keyed by the fetch, so saved (or elsewhere changed) companies become the editor's new start.
  return (
    <RecordRoleLinksEditor
      key={companies.dataUpdatedAt}
      saved={companies.data}
      keyOf={companyIdOf}
      toInput={(company, role) => ({ company_id: company.company_id, role })}
      save={save}
      field="companies"
      savedMessage={t('personCompanies.saved')}
      canEdit={can(me, 'person', 'update')}
      canSearch={can(me, 'company', 'read')}
      maxLinks={MAX_COMPANIES}
      emptyIcon={<IconBuilding size={28} />}
      emptyTitle={t('personCompanies.empty')}
      emptyText={t('personCompanies.emptyText')}
      recordHead={t('personCompanies.company')}
      roleHead={t('personCompanies.role')}
      roleWidth={280}
      // A refused role is shown at its input; a refused company (deleted meanwhile) under its name.
      details={(company, error) => (
        <>
          <CompanyDetails company={company} />
          {error && <Text size="xs" c="red">{error.message}</Text>}
        </>
      )}
      roleLabel={(company) => t('personCompanies.roleOf', { name: companyLabel(company) })}
      rolePlaceholder={t('personCompanies.rolePlaceholder')}
      roleSuggestions={ROLE_KEYS.map((key) => t(`personCompanies.roles.${key}`))}
      rowTestId="person-company"
      removeLabel={(company) => t('personCompanies.removeOf', { name: companyLabel(company) })}
      adder={(excluded, onAdd) => <CompanyAdder excluded={excluded} onAdd={(company) => onAdd(companyOf(company))} />}
      primaryHint={t('personCompanies.primaryHint')}
    />
  );
}
