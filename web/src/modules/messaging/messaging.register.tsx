import { IconMailForward } from '@tabler/icons-react';
import { can } from '../auth/permissions.ts';
import { registerRecordActions, registerRecordTabs } from '../records/index.ts';
import { PersonMessagesTab } from './person-messages.tab.tsx';
import { TelegramLinkAction } from './telegram-link.action.tsx';

/** Adds the person page's messages tab and its "Link Telegram" button; called once at app start. */
export function registerMessagingParts(): void {
  registerRecordTabs('person', [
    { key: 'messages', label: (t) => t('messaging.person.tab'), icon: <IconMailForward size={16} />, isVisible: (me) => can(me, 'message', 'read'), Panel: PersonMessagesTab },
  ]);
  registerRecordActions('person', [{ key: 'telegram-link', isVisible: (me) => can(me, 'person', 'update'), Action: TelegramLinkAction }]);
}
