import { IconPackage, IconUsers } from '@tabler/icons-react';
import { can } from '../auth/permissions.ts';
import { registerRecordTabs } from '../records/index.ts';
import { DealContactsTab } from './deal-contacts.tab.tsx';
import { DealLinesTab } from './deal-lines.tab.tsx';

/** Adds the deal page's products and contacts tabs; called once at app start. */
export function registerDealTabs(): void {
  registerRecordTabs('deal', [
    { key: 'lines', label: (t) => t('dealLines.tab'), icon: <IconPackage size={16} />, Panel: DealLinesTab },
    // Contacts are people: a role that may not read them would see only ids.
    { key: 'contacts', label: (t) => t('dealContacts.tab'), icon: <IconUsers size={16} />, isVisible: (me) => can(me, 'person', 'read'), Panel: DealContactsTab },
  ]);
}
