import type { RecordTabProps } from '../records/index.ts';
import { MessagesTable } from './messages-table.component.tsx';

/** The person page's messages: everything sent, deferred or skipped for them. */
export function PersonMessagesTab({ record }: RecordTabProps) {
  return <MessagesTable filters={{ person_id: String(record.id) }} isPersonShown={false} />;
}
