import { IconBuilding, IconLayoutDashboard, IconUsers } from '@tabler/icons-react';
import { can } from '../auth/permissions.ts';
import { registerRecordActions, registerRecordTabs, registerTextListSuggestions } from '../records/index.ts';
import { personTagsQuery } from './customers-parts.api.ts';
import { CompanyPeopleTab } from './company-people.tab.tsx';
import { PersonCompaniesTab } from './person-companies.tab.tsx';
import { PersonOverviewTab } from './person-overview.tab.tsx';
import { PersonVcardAction } from './person-vcard.component.tsx';

/**
 * Adds the person page's overview (first, open with the page) and companies tab, vCard download and
 * tag suggestions, and the company page's people tab; called once at app start.
 */
export function registerCustomerParts(): void {
  // Each tab lists records of the other type: a role that may not read them would see only ids.
  registerRecordTabs('person', [
    { key: 'overview', label: (t) => t('personOverview.tab'), icon: <IconLayoutDashboard size={16} />, isLeading: true, Panel: PersonOverviewTab },
    { key: 'companies', label: (t) => t('personCompanies.tab'), icon: <IconBuilding size={16} />, isVisible: (me) => can(me, 'company', 'read'), Panel: PersonCompaniesTab },
  ]);
  registerRecordActions('person', [{ key: 'vcard', Action: PersonVcardAction }]);
  registerTextListSuggestions('person', 'tags', personTagsQuery);
  registerRecordTabs('company', [
    { key: 'people', label: (t) => t('companyPeople.tab'), icon: <IconUsers size={16} />, isVisible: (me) => can(me, 'person', 'read'), Panel: CompanyPeopleTab },
  ]);
}
