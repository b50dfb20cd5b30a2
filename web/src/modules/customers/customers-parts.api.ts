import { apiRequest, buildUrl } from '../../api/http.client.ts';
import { useRecordLinks, useReplaceRecordLinks, type RecordSearchQuery, type TextListSuggestionQuery } from '../records/index.ts';
import type { Page } from '../records/records.types.ts';
import type { CompanyHit, CompanyPerson, PersonCompany, PersonCompanyInput, PersonHit } from './customers-parts.types.ts';

const SEARCH_LIMIT = 10;

// Under the records' own keys: saving a person (a new main company, say) refreshes their companies too.
const personCompaniesKey = (personId: string) => ['records', 'people', 'one', personId, 'companies'] as const;
const companyPeopleKey = (companyId: string) => ['records', 'companies', 'one', companyId, 'people'] as const;

export function usePersonCompanies(personId: string) {
  return useRecordLinks<PersonCompany>(`/people/${personId}/companies`, personCompaniesKey(personId));
}

/**
 * Replaces the companies besides the main one. The change lands on the person's history and
 * timeline, and the companies' people lists change with it.
 */
export function useSavePersonCompanies(personId: string) {
  return useReplaceRecordLinks<PersonCompany, PersonCompanyInput>({
    path: `/people/${personId}/companies`,
    field: 'companies',
    queryKey: personCompaniesKey(personId),
    refreshes: (saved, before) => [
      ['records', 'people', 'one', personId, 'audit'],
      ...[...new Set([...before, ...saved].map((company) => company.company_id))].map(companyPeopleKey),
      ['timeline'],
    ],
  });
}

export function useCompanyPeople(companyId: string) {
  return useRecordLinks<CompanyPerson>(`/companies/${companyId}/people`, companyPeopleKey(companyId));
}

export const companySearchQuery = (q: string): RecordSearchQuery<CompanyHit> => ({
  queryKey: ['records', 'companies', 'list', 'search', q],
  queryFn: () => apiRequest<Page<CompanyHit>>('/companies', { query: { q, limit: SEARCH_LIMIT } }).then((body) => body.data),
});

export const personSearchQuery = (q: string): RecordSearchQuery<PersonHit> => ({
  queryKey: ['records', 'people', 'list', 'search', q],
  queryFn: () => apiRequest<Page<PersonHit>>('/people', { query: { q, limit: SEARCH_LIMIT } }).then((body) => body.data),
});

/** Tags already used on people that start with the typed text, the most used first. */
export const personTagsQuery = (prefix: string): TextListSuggestionQuery => ({
  queryKey: ['records', 'people', 'tags', prefix],
  queryFn: () => apiRequest<{ data: { tag: string }[] }>('/people/tags', { query: { prefix, limit: SEARCH_LIMIT } }).then((body) => body.data.map((s) => s.tag)),
});

/** A plain link: the browser downloads the person's vCard with the session cookie. */
export const personVcardUrl = (personId: string) => buildUrl(`/people/${personId}/vcard`);
