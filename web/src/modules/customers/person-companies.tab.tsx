import { useMemo, useState, type FormEvent } from 'react';
import { ActionIcon, Anchor, Autocomplete, Badge, Button, Center, Group, Loader, Select, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuilding, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/http.client.ts';
import { notifyError, notifySuccess } from '../../api/query.client.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import type { RecordTabProps } from '../records/index.ts';
import { useCompanySearch, usePersonCompanies, useSavePersonCompanies } from './customers-parts.api.ts';
import type { CompanyHit, PersonCompany } from './customers-parts.types.ts';

const MAX_COMPANIES = 100;
const ROLE_KEYS = ['director', 'accountant', 'boardMember', 'founder', 'lawyer', 'contact'] as const;

/** Shown for a company the reader may not see. */
const companyLabel = (company: Pick<PersonCompany, 'company_id' | 'name'>) => company.name || company.company_id.slice(0, 8);

const companyOf = (hit: CompanyHit): PersonCompany => ({
  company_id: hit.id, role: null, is_primary: false, name: hit.name ?? null, city: hit.city ?? null,
});

/** Whether the drafts differ from the saved companies in which ones are listed or their roles. */
function isChanged(drafts: PersonCompany[], saved: PersonCompany[]): boolean {
  return drafts.length !== saved.length
    || drafts.some((draft, index) => draft.company_id !== saved[index]?.company_id || (draft.role ?? '') !== (saved[index]?.role ?? ''));
}

/** Finds a company to add by name, INN or city; companies already listed are left out. */
function CompanyAdder({ excluded, onAdd }: { excluded: Set<string>; onAdd: (company: CompanyHit) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [isOpened, setOpened] = useState(false);
  const companies = useCompanySearch(debounced, isOpened);
  const found = useMemo(() => (companies.data ?? []).filter((company) => !excluded.has(company.id)), [companies.data, excluded]);
  const byId = new Map(found.map((company) => [company.id, company]));

  return (
    <Select
      aria-label={t('personCompanies.add')}
      placeholder={t('personCompanies.addPlaceholder')}
      data={found.map((company) => ({ value: company.id, label: company.name || company.id.slice(0, 8) }))}
      value={null}
      onChange={(id) => {
        const company = id ? byId.get(id) : undefined;
        if (company) onAdd(company);
        setSearch('');
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpened(true)}
      filter={({ options }) => options}
      renderOption={({ option }) => {
        const company = byId.get(option.value);
        return (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            <Text size="xs" c="dimmed">{[company?.city, company?.inn].filter(Boolean).join(' · ')}</Text>
          </Stack>
        );
      }}
      nothingFoundMessage={companies.isFetching ? t('common.loading') : t('common.nothingFound')}
      comboboxProps={{ withinPortal: true }}
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
  const [drafts, setDrafts] = useState<PersonCompany[]>(companies);
  /** Refused rows by company id: a role the server refused, or the company itself (deleted meanwhile). */
  const [errors, setErrors] = useState<Record<string, { isRole: boolean; message: string }>>({});
  const excluded = useMemo(() => new Set(drafts.map((draft) => draft.company_id)), [drafts]);
  const roleSuggestions = ROLE_KEYS.map((key) => t(`personCompanies.roles.${key}`));
  const isDirty = isChanged(drafts, companies);
  const canAdd = canEdit && can(me, 'company', 'read') && drafts.length < MAX_COMPANIES;

  const setRole = (companyId: string, role: string) => {
    setDrafts((current) => current.map((draft) => (draft.company_id === companyId ? { ...draft, role } : draft)));
    setErrors({});
  };

  const onReset = () => {
    setDrafts(companies);
    setErrors({});
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // The main company is the person's own field: it goes along only to carry a role.
    const sent = drafts.filter((draft) => !draft.is_primary || draft.role?.trim());
    save.mutate(sent.map((draft) => ({ company_id: draft.company_id, role: draft.role?.trim() || null })), {
      onSuccess: () => notifySuccess(t('personCompanies.saved')),
      onError: (error) => {
        notifyError(error);
        if (!isApiError(error)) return;
        const found: typeof errors = {};
        for (const [field, message] of Object.entries(error.fieldErrors())) {
          const match = /^companies\.(\d+)(\.role)?/.exec(field);
          const draft = match ? sent[Number(match[1])] : undefined;
          if (draft) found[draft.company_id] = { isRole: Boolean(match?.[2]), message };
        }
        setErrors(found);
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {drafts.length === 0 ? (
          <EmptyPlaceholder icon={<IconBuilding size={28} />} title={t('personCompanies.empty')} description={canAdd ? t('personCompanies.emptyText') : undefined} />
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('personCompanies.company')}</Table.Th>
                  <Table.Th w={280}>{t('personCompanies.role')}</Table.Th>
                  {canEdit && <Table.Th w={40} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {drafts.map((draft) => (
                  <Table.Tr key={draft.company_id} data-testid="person-company">
                    <Table.Td>
                      <CompanyDetails company={draft} />
                      {errors[draft.company_id]?.isRole === false && <Text size="xs" c="red">{errors[draft.company_id]?.message}</Text>}
                    </Table.Td>
                    <Table.Td>
                      {canEdit ? (
                        <Autocomplete
                          size="xs"
                          aria-label={t('personCompanies.roleOf', { name: companyLabel(draft) })}
                          placeholder={t('personCompanies.rolePlaceholder')}
                          data={roleSuggestions}
                          maxLength={100}
                          value={draft.role ?? ''}
                          error={errors[draft.company_id]?.isRole ? errors[draft.company_id]?.message : undefined}
                          onChange={(role) => setRole(draft.company_id, role)}
                          comboboxProps={{ withinPortal: true }}
                        />
                      ) : (
                        <Text size="sm" c={draft.role ? undefined : 'dimmed'}>{draft.role ?? '—'}</Text>
                      )}
                    </Table.Td>
                    {canEdit && (
                      <Table.Td>
                        {!draft.is_primary && (
                          <ActionIcon variant="subtle" color="red" aria-label={t('personCompanies.removeOf', { name: companyLabel(draft) })}
                            onClick={() => setDrafts((current) => current.filter((other) => other.company_id !== draft.company_id))}>
                            <IconTrash size={16} />
                          </ActionIcon>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {canEdit && (
          <Group justify="space-between" align="flex-end">
            {canAdd ? <CompanyAdder excluded={excluded} onAdd={(company) => setDrafts((current) => [...current, companyOf(company)])} /> : <div />}
            <Group>
              <Button variant="default" disabled={!isDirty || save.isPending} onClick={onReset}>{t('common.reset')}</Button>
              <Button type="submit" disabled={!isDirty} loading={save.isPending}>{t('common.save')}</Button>
            </Group>
          </Group>
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
