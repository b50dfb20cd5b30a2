import type { ReactNode } from 'react';
import { NavLink, ScrollArea, Stack } from '@mantine/core';
import { IconHeadset, IconSpeakerphone, IconSun } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { analyticsNav } from '../modules/analytics/index.ts';
import { campaignsNavItem } from '../modules/campaigns/index.ts';
import { useSession } from '../modules/auth/auth.api.ts';
import { customersNav } from '../modules/customers/index.ts';
import { databasesNav } from '../modules/databases/index.ts';
import { messagingNavItem } from '../modules/messaging/index.ts';
import { useObjectTypes } from '../modules/records/index.ts';
import { salesNav } from '../modules/sales/index.ts';
import { segmentsNavItem } from '../modules/segments/index.ts';
import { settingsNav } from '../modules/settings/index.ts';
import { templatesNavItem } from '../modules/templates/index.ts';
import { journeysNavItem } from '../modules/journeys/index.ts';
import { NAV_ICON_SIZE, type NavSectionBuilder } from './nav.types.ts';

// Modules still to come get a section already, leading to a "coming soon" page.
const serviceNav: NavSectionBuilder = (_me, t) => ({
  key: 'service', label: t('nav.service'), icon: <IconHeadset size={NAV_ICON_SIZE} />, to: '/service',
});
const marketingNav: NavSectionBuilder = (me, t) => ({
  key: 'marketing', label: t('nav.marketing'), icon: <IconSpeakerphone size={NAV_ICON_SIZE} />,
  items: [
    segmentsNavItem(me, t),
    templatesNavItem(me, t),
    messagingNavItem(me, t),
    campaignsNavItem(me, t),
    journeysNavItem(me, t),
  ],
});

const myDayNav: NavSectionBuilder = (_me, t) => ({
  key: 'my-day', label: t('nav.myDay'), icon: <IconSun size={NAV_ICON_SIZE} />, to: '/my-day',
});

const SECTIONS: NavSectionBuilder[] = [myDayNav, customersNav, salesNav, databasesNav, serviceNav, marketingNav, analyticsNav, settingsNav];

interface NavigationProps {
  onNavigate: () => void;
  /** Shown above the links on phones, where the header has no room for it. */
  header?: ReactNode;
}

export function Navigation({ onNavigate, header }: NavigationProps) {
  const { t } = useTranslation();
  const me = useSession();
  const { pathname } = useLocation();
  const { data: objectTypes = [] } = useObjectTypes();
  const sections = SECTIONS.map((build) => build(me, t, objectTypes))
    .map((section) => ({ ...section, items: section.items?.filter((item) => item.isVisible) }))
    .filter((section) => section.to || (section.items?.length ?? 0) > 0);
  // Only the most specific link is active: /deals/board lights "Board", not "Deals" as well.
  const matches = (to: string) => pathname === to || pathname.startsWith(`${to}/`);
  const activeTo = sections
    .flatMap((section) => [section.to, ...(section.items ?? []).map((item) => item.to)])
    .filter((to): to is string => !!to && matches(to))
    .sort((a, b) => b.length - a.length)[0];
  const isActive = (to: string) => to === activeTo;

  return (
    <ScrollArea type="scroll" style={{ flex: 1 }}>
      <Stack gap={2} p="sm" component="nav" aria-label={t('nav.label')}>
        {header}
        {sections.map((section) =>
          section.to ? (
            <NavLink
              key={section.key}
              component={Link}
              to={section.to}
              label={section.label}
              leftSection={section.icon}
              active={isActive(section.to)}
              onClick={onNavigate}
            />
          ) : (
            <NavLink key={section.key} label={section.label} leftSection={section.icon} defaultOpened childrenOffset={28}>
              {section.items?.map((item) => (
                <NavLink
                  key={item.to}
                  component={Link}
                  to={item.to}
                  label={item.label}
                  leftSection={item.icon}
                  active={isActive(item.to)}
                  onClick={onNavigate}
                />
              ))}
            </NavLink>
          ),
        )}
      </Stack>
    </ScrollArea>
  );
}
