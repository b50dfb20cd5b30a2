import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import type { Me } from '../modules/auth/auth.types.ts';
import type { ObjectTypeMeta } from '../modules/records/index.ts';

export interface NavItem {
  label: string;
  to: string;
  icon: ReactNode;
  isVisible: boolean;
}

export interface NavSection {
  key: string;
  label: string;
  icon: ReactNode;
  /** A section without items is a page of its own. */
  to?: string;
  items?: NavItem[];
}

/** Each module contributes its navbar section from the session's permissions and the workspace's record types. */
export type NavSectionBuilder = (me: Me, t: TFunction, objectTypes: ObjectTypeMeta[]) => NavSection;

export const NAV_ICON_SIZE = 18;
