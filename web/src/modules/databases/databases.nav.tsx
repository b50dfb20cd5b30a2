import { IconDatabase, IconTable } from '@tabler/icons-react';
import { i18n } from '../../i18n/i18n.setup.ts';
import { can } from '../auth/permissions.ts';
import { localized } from '../records/index.ts';
import { NAV_ICON_SIZE, type NavSectionBuilder } from '../../shell/nav.types.ts';

/** A list for each record type the workspace defined itself; without any, the section is hidden. */
export const databasesNav: NavSectionBuilder = (me, t, objectTypes) => ({
  key: 'databases',
  label: t('customObjects.navSection'),
  icon: <IconDatabase size={NAV_ICON_SIZE} />,
  items: objectTypes
    .filter((type) => type.is_custom_object)
    .map((type) => ({
      label: localized(type.label_plural, i18n.language),
      to: `/${type.plural}`,
      icon: <IconTable size={NAV_ICON_SIZE} />,
      isVisible: can(me, type.type, 'read'),
    })),
});
