import { IconListCheck, IconUsersGroup } from '@tabler/icons-react';
import { registerRecordTabs } from '../records/index.ts';
import { ActivityParticipantsTab } from './activity-participants.tab.tsx';
import { ActivitySubtasksTab } from './activity-subtasks.tab.tsx';

/** Adds a meeting's participants tab and a task's subtasks tab; called once at app start. */
export function registerActivityTabs(): void {
  registerRecordTabs('activity', [
    { key: 'participants', label: (t) => t('activityParticipants.tab'), icon: <IconUsersGroup size={16} />, isVisible: (_me, record) => record.kind === 'meeting', Panel: ActivityParticipantsTab },
    // One level deep: a subtask has no subtasks of its own.
    { key: 'subtasks', label: (t) => t('activitySubtasks.tab'), icon: <IconListCheck size={16} />, isVisible: (_me, record) => record.kind === 'task' && !record.parent_id, Panel: ActivitySubtasksTab },
  ]);
}
