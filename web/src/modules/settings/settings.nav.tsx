import { IconChartFunnel, IconClipboardText, IconPlugConnected, IconDatabaseCog, IconForms, IconKey, IconListDetails, IconLock, IconRoute, IconSettings, IconShieldLock, IconUsers, IconUsersGroup, IconWorldWww } from '@tabler/icons-react';
import { can } from '../auth/permissions.ts';
import { canConfigurePipelines } from '../deals/index.ts';
import { NAV_ICON_SIZE, type NavItem, type NavSectionBuilder } from '../../shell/nav.types.ts';
import type { Me } from '../auth/auth.types.ts';
import type { TFunction } from 'i18next';

export function settingsItems(me: Me, t: TFunction): NavItem[] {
  return [
    { label: t('nav.members'), to: '/settings/members', icon: <IconUsers size={NAV_ICON_SIZE} />, isVisible: can(me, 'member', 'read') },
    { label: t('nav.teams'), to: '/settings/teams', icon: <IconUsersGroup size={NAV_ICON_SIZE} />, isVisible: can(me, 'team', 'read') },
    { label: t('nav.leadDistribution'), to: '/settings/lead-distribution', icon: <IconRoute size={NAV_ICON_SIZE} />, isVisible: can(me, 'lead', 'read') },
    // Only for those who may change them; others see the stages on the deal board.
    { label: t('pipelines.navLabel'), to: '/settings/pipelines', icon: <IconChartFunnel size={NAV_ICON_SIZE} />, isVisible: canConfigurePipelines(me) },
    { label: t('nav.roles'), to: '/settings/roles', icon: <IconShieldLock size={NAV_ICON_SIZE} />, isVisible: can(me, 'role', 'read') },
    { label: t('customObjects.navLabel'), to: '/settings/custom-objects', icon: <IconDatabaseCog size={NAV_ICON_SIZE} />, isVisible: can(me, 'workspace', 'update') },
    { label: t('nav.customFields'), to: '/settings/custom-fields', icon: <IconForms size={NAV_ICON_SIZE} />, isVisible: can(me, 'workspace', 'update') },
    { label: t('webForms.navLabel'), to: '/settings/web-forms', icon: <IconClipboardText size={NAV_ICON_SIZE} />, isVisible: can(me, 'workspace', 'update') },
    { label: t('exchange1c.navLabel'), to: '/settings/integrations/1c', icon: <IconPlugConnected size={NAV_ICON_SIZE} />, isVisible: can(me, 'workspace', 'update') },
    { label: t('tracking.navLabel'), to: '/settings/site-tracking', icon: <IconWorldWww size={NAV_ICON_SIZE} />, isVisible: can(me, 'workspace', 'read') },
    { label: t('nav.apiKeys'), to: '/settings/api-keys', icon: <IconKey size={NAV_ICON_SIZE} />, isVisible: can(me, 'api_key', 'read') },
    { label: t('privacy.navLabel'), to: '/settings/personal-data', icon: <IconLock size={NAV_ICON_SIZE} />, isVisible: can(me, 'personal_data', 'read') },
    { label: t('nav.auditLog'), to: '/settings/audit', icon: <IconListDetails size={NAV_ICON_SIZE} />, isVisible: can(me, 'audit_log', 'read') },
  ];
}

export const settingsNav: NavSectionBuilder = (me, t) => ({
  key: 'settings',
  label: t('nav.settings'),
  icon: <IconSettings size={NAV_ICON_SIZE} />,
  items: settingsItems(me, t),
});
