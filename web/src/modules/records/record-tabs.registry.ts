import type { ComponentType, ReactNode } from 'react';
import type { TFunction } from 'i18next';
import type { Me } from '../auth/auth.types.ts';
import type { ObjectTypeMeta, RecordData } from './records.types.ts';

export interface RecordTabProps {
  objectType: ObjectTypeMeta;
  record: RecordData;
}

/** A tab another module adds to a record type's detail page. */
export interface RecordTab {
  /** The tab's value; unique per type and not one of the page's own (details, timeline, history). */
  key: string;
  label: (t: TFunction) => string;
  icon: ReactNode;
  /** Left out: always shown. The record lets a tab belong to some records only (a meeting's participants). */
  isVisible?: (me: Me, record: RecordData) => boolean;
  /** Shown before the page's details tab and opened with the page (a person's overview). */
  isLeading?: boolean;
  Panel: ComponentType<RecordTabProps>;
}

const tabsByType = new Map<string, RecordTab[]>();

/**
 * Called once at app start by the modules that know a type better than the generic page does
 * (deals add their products and contacts). A key registered again replaces its tab, so a hot
 * reload does not show it twice.
 */
export function registerRecordTabs(type: string, tabs: RecordTab[]): void {
  const keys = new Set(tabs.map((tab) => tab.key));
  tabsByType.set(type, [...(tabsByType.get(type) ?? []).filter((tab) => !keys.has(tab.key)), ...tabs]);
}

/** The extra tabs of a record the reader may see, in the order they were registered. */
export function recordTabsFor(type: string, me: Me, record: RecordData): RecordTab[] {
  return (tabsByType.get(type) ?? []).filter((tab) => tab.isVisible?.(me, record) ?? true);
}
