import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import type { Me } from '../modules/auth/auth.types.ts';

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

/** Each module contributes its navbar section from the session's permissions. */
export type NavSectionBuilder = (me: Me, t: TFunction) => NavSection;

export const NAV_ICON_SIZE = 18;
