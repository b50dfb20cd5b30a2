import { IconAddressBook, IconBuilding, IconCopy, IconFileImport, IconUser } from '@tabler/icons-react';
import { can } from '../auth/permissions.ts';
import { reviewableTypes } from '../duplicates/index.ts';
import { importableTypes } from '../imports/index.ts';
import { NAV_ICON_SIZE, type NavSectionBuilder } from '../../shell/nav.types.ts';

export const customersNav: NavSectionBuilder = (me, t, objectTypes) => ({
  key: 'customers',
  label: t('nav.customers'),
  icon: <IconAddressBook size={NAV_ICON_SIZE} />,
  items: [
    { label: t('nav.people'), to: '/people', icon: <IconUser size={NAV_ICON_SIZE} />, isVisible: can(me, 'person', 'read') },
    { label: t('nav.companies'), to: '/companies', icon: <IconBuilding size={NAV_ICON_SIZE} />, isVisible: can(me, 'company', 'read') },
    { label: t('nav.import'), to: '/import', icon: <IconFileImport size={NAV_ICON_SIZE} />, isVisible: importableTypes(me, objectTypes).length > 0 },
    { label: t('nav.duplicates'), to: '/duplicates', icon: <IconCopy size={NAV_ICON_SIZE} />, isVisible: reviewableTypes(me).length > 0 },
  ],
});
