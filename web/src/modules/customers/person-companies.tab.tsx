import { Anchor, Badge, Center, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { IconBuilding } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import {
  isRoleChanged, isRoleLinkSent, RecordLinkRole, RecordLinksActions, RecordLinksTable, RecordSearchAdder, sentRole, useRecordLinksDraft,
  type RecordTabProps,
} from '../records/index.ts';
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

interface PersonCompaniesEditorProps {
  companies: PersonCompany[];
  /** Held by the tab: a save gives the editor new companies and so remounts it, which must not drop the save's callbacks. */
  save: ReturnType<typeof useSavePersonCompanies>;
  canEdit: boolean;
}

function PersonCompaniesEditor({ companies, save, canEdit }: PersonCompaniesEditorProps) {
  const { t } = useTranslation();
  const me = useSession();
  const links = useRecordLinksDraft({
    saved: companies,
    keyOf: companyIdOf,
    isChangedRow: isRoleChanged,
    isSent: isRoleLinkSent,
    toInput: (draft) => ({ company_id: draft.company_id, role: sentRole(draft) }),
    save,
    field: 'companies',
    savedMessage: t('personCompanies.saved'),
  });
  const roleSuggestions = ROLE_KEYS.map((key) => t(`personCompanies.roles.${key}`));
  const canAdd = canEdit && can(me, 'company', 'read') && links.drafts.length < MAX_COMPANIES;

  return (
    <form onSubmit={links.onSubmit} noValidate>
      <Stack>
        <RecordLinksTable
          drafts={links.drafts}
          keyOf={companyIdOf}
          empty={<EmptyPlaceholder icon={<IconBuilding size={28} />} title={t('personCompanies.empty')} description={canAdd ? t('personCompanies.emptyText') : undefined} />}
          minWidth={560}
          head={
            <>
              <Table.Th>{t('personCompanies.company')}</Table.Th>
              <Table.Th w={280}>{t('personCompanies.role')}</Table.Th>
            </>
          }
          cells={(draft) => {
            // A refused role is shown at its input; a refused company (deleted meanwhile) under its name.
            const error = links.errors[draft.company_id];
            return (
              <>
                <Table.Td>
                  <CompanyDetails company={draft} />
                  {error && error.field !== 'role' && <Text size="xs" c="red">{error.message}</Text>}
                </Table.Td>
                <Table.Td>
                  <RecordLinkRole
                    canEdit={canEdit}
                    label={t('personCompanies.roleOf', { name: companyLabel(draft) })}
                    placeholder={t('personCompanies.rolePlaceholder')}
                    suggestions={roleSuggestions}
                    value={draft.role}
                    error={error?.field === 'role' ? error.message : undefined}
                    onChange={(role) => links.change(draft.company_id, { role })}
                  />
                </Table.Td>
              </>
            );
          }}
          rowTestId="person-company"
          canEdit={canEdit}
          isRemovable={(draft) => !draft.is_primary}
          removeLabel={(draft) => t('personCompanies.removeOf', { name: companyLabel(draft) })}
          onRemove={links.remove}
        />
        {canEdit && (
          <RecordLinksActions
            isDirty={links.isDirty}
            isSaving={links.isSaving}
            onReset={links.reset}
            leftSection={canAdd ? <CompanyAdder excluded={links.keys} onAdd={(company) => links.add(companyOf(company))} /> : undefined}
          />
        )}
        {canEdit && <Text size="xs" c="dimmed">{t('personCompanies.primaryHint')}</Text>}
      </Stack>
    </form>
  );
}

/** The companies a person works with: their main company first, then the others with roles. */
export function PersonCompaniesTab({ record }: RecordTabProps) {
  const me = useSession();
  const companies = usePersonCompanies(record.id);
  const save = useSavePersonCompanies(record.id);
  if (companies.isPending) return <Center py="xl"><Loader /></Center>;
  if (!companies.data) return null;
  // Keyed by the fetch, so saved (or elsewhere changed) companies become the editor's new start.
  return <PersonCompaniesEditor key={companies.dataUpdatedAt} companies={companies.data} save={save} canEdit={can(me, 'person', 'update')} />;
}
