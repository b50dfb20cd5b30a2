import type { ComponentType } from 'react';
import type { Me } from '../auth/auth.types.ts';
import type { RecordTabProps } from './record-tabs.registry.ts';
import type { RecordData } from './records.types.ts';

/** A button another module adds to the header of a record type's detail page, before Delete. */
export interface RecordAction {
  /** Unique per type. */
  key: string;
  /** Left out: always shown. */
  isVisible?: (me: Me, record: RecordData) => boolean;
  Action: ComponentType<RecordTabProps>;
}

const actionsByType = new Map<string, RecordAction[]>();

/** Called once at app start, like registerRecordTabs; a key registered again replaces its action. */
export function registerRecordActions(type: string, actions: RecordAction[]): void {
  const keys = new Set(actions.map((action) => action.key));
  actionsByType.set(type, [...(actionsByType.get(type) ?? []).filter((action) => !keys.has(action.key)), ...actions]);
}

/** The header actions of a record the reader may use, in the order they were registered. */
export function recordActionsFor(type: string, me: Me, record: RecordData): RecordAction[] {
  return (actionsByType.get(type) ?? []).filter((action) => action.isVisible?.(me, record) ?? true);
}
