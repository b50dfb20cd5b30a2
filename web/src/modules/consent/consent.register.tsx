import { IconShieldCheck } from '@tabler/icons-react';
import { can } from '../auth/permissions.ts';
import { registerPersonOverviewBlocks } from '../customers/index.ts';
import { registerRecordTabs } from '../records/index.ts';
import { PersonConsentsBlock } from './person-consents.block.tsx';
import { PersonConsentsTab } from './person-consents.tab.tsx';

/** Adds the person page's consents tab and overview block; called once at app start. */
export function registerConsentParts(): void {
  registerRecordTabs('person', [
    { key: 'consents', label: (t) => t('consents.tab'), icon: <IconShieldCheck size={16} />, isVisible: (me) => can(me, 'consent', 'read'), Panel: PersonConsentsTab },
  ]);
  registerPersonOverviewBlocks([{ key: 'consents', column: 'side', order: 20, isVisible: (me) => can(me, 'consent', 'read'), Block: PersonConsentsBlock }]);
}
