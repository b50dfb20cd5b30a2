import { Center, SegmentedControl } from '@mantine/core';
import { IconLayoutKanban, IconList } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Outlet, useNavigate, useParams } from 'react-router-dom';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';

const VIEW_PATHS = { list: '/deals', board: '/deals/board' } as const;
type DealView = keyof typeof VIEW_PATHS;

/** Deals as a list or as a board: the same records, two pages. */
export function DealViewSwitch({ view }: { view: DealView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <SegmentedControl
      size="xs"
      mb="sm"
      aria-label={t('deals.view')}
      value={view}
      onChange={(next) => navigate(VIEW_PATHS[next as DealView])}
      data={[
        { value: 'list', label: <Center style={{ gap: 6 }}><IconList size={14} />{t('deals.listView')}</Center> },
        { value: 'board', label: <Center style={{ gap: 6 }}><IconLayoutKanban size={14} />{t('deals.boardView')}</Center> },
      ]}
    />
  );
}

/**
 * Wraps the generic record routes: the record list has no slot for type-specific views, so the
 * switch goes above it, for the deals list only.
 */
export function DealListSwitchLayout() {
  const me = useSession();
  const { plural, id } = useParams();
  return (
    <>
      {plural === 'deals' && id === undefined && can(me, 'deal', 'read') && <DealViewSwitch view="list" />}
      <Outlet />
    </>
  );
}
