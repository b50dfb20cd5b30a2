import { IconFilterStar } from '@tabler/icons-react';
import { can } from '../auth/permissions.ts';
import { registerRecordTabs } from '../records/index.ts';
import { PersonSegmentsTab } from './person-segments.tab.tsx';

/** Adds the person page's segments tab; called once at app start. */
export function registerSegmentParts(): void {
  registerRecordTabs('person', [
    { key: 'segments', label: (t) => t('segments.person.tab'), icon: <IconFilterStar size={16} />, isVisible: (me) => can(me, 'person', 'read'), Panel: PersonSegmentsTab },
  ]);
}
