import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, buildUrl } from '../../api/http.client.ts';
import type { Page } from '../records/records.types.ts';
import type { CompanyHit, CompanyPerson, PersonCompany, PersonCompanyInput } from './customers-parts.types.ts';

const COMPANY_SEARCH_LIMIT = 10;

// Under the records' own keys: saving a person (a new main company, say) refreshes their companies too.
const personCompaniesKey = (personId: string) => ['records', 'people', 'one', personId, 'companies'] as const;
const companyPeopleKey = (companyId: string) => ['records', 'companies', 'one', companyId, 'people'] as const;

export function usePersonCompanies(personId: string) {
  return useQuery({
    queryKey: personCompaniesKey(personId),
    queryFn: () => apiRequest<{ data: PersonCompany[] }>(`/people/${personId}/companies`).then((body) => body.data),
  });
}

/**
 * Replaces the companies besides the main one. The change lands on the person's history and
 * timeline, and the companies' people lists change with it.
 */
export function useSavePersonCompanies(personId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (companies: PersonCompanyInput[]) =>
      apiRequest<{ data: PersonCompany[] }>(`/people/${personId}/companies`, { method: 'PUT', body: { companies } }).then((body) => body.data),
    // The editor shows refused rows in place; it raises a toast for anything else.
    meta: { isSilent: true },
    onSuccess: (saved) => {
      const before = queryClient.getQueryData<PersonCompany[]>(personCompaniesKey(personId)) ?? [];
      const touched = new Set([...before, ...saved].map((company) => company.company_id));
      queryClient.setQueryData(personCompaniesKey(personId), saved);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ['records', 'people', 'one', personId, 'audit'] }),
        ...[...touched].map((companyId) => queryClient.invalidateQueries({ queryKey: companyPeopleKey(companyId) })),
        queryClient.invalidateQueries({ queryKey: ['timeline'] }),
      ]);
    },
  });
}

export function useCompanyPeople(companyId: string) {
  return useQuery({
    queryKey: companyPeopleKey(companyId),
    queryFn: () => apiRequest<{ data: CompanyPerson[] }>(`/companies/${companyId}/people`).then((body) => body.data),
  });
}

export function useCompanySearch(q: string, isEnabled: boolean) {
  return useQuery({
    queryKey: ['records', 'companies', 'list', 'search', q],
    queryFn: () => apiRequest<Page<CompanyHit>>('/companies', { query: { q, limit: COMPANY_SEARCH_LIMIT } }).then((body) => body.data),
    placeholderData: keepPreviousData,
    enabled: isEnabled,
  });
}

/** A plain link: the browser downloads the person's vCard with the session cookie. */
export const personVcardUrl = (personId: string) => buildUrl(`/people/${personId}/vcard`);
