import type { ReactNode } from 'react';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../modules/auth/auth.api.ts';
import type { Action } from '../modules/auth/auth.types.ts';
import { can } from '../modules/auth/permissions.ts';
import { EmptyPlaceholder } from './empty-placeholder.component.tsx';

interface PermissionGateProps {
  objectType: string;
  action: Action;
  children: ReactNode;
}

/** For pages opened by URL that the role may not see: a clear message instead of a failing request. */
export function PermissionGate({ objectType, action, children }: PermissionGateProps) {
  const { t } = useTranslation();
  const me = useSession();
  if (!can(me, objectType, action)) {
    return <EmptyPlaceholder icon={<IconLock size={28} />} title={t('errors.noAccessTitle')} description={t('errors.noAccessText')} />;
  }
  return <>{children}</>;
}
