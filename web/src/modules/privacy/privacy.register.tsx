import { can } from '../auth/permissions.ts';
import { registerRecordActions } from '../records/index.ts';
import { ErasePersonAction, SubjectAccessAction } from './person-privacy.actions.tsx';

/** Adds the person page's subject-access export and erasure buttons; called once at app start. */
export function registerPrivacyParts(): void {
  registerRecordActions('person', [
    { key: 'subject-access', isVisible: (me) => can(me, 'personal_data', 'export'), Action: SubjectAccessAction },
    { key: 'erase', isVisible: (me) => can(me, 'personal_data', 'delete'), Action: ErasePersonAction },
  ]);
}
