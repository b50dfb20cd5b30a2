import { useState, type FormEvent } from 'react';
import { Anchor, Badge, Button, Center, Checkbox, Group, Loader, Progress, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconListCheck, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isApiError } from '../../api/http.client.ts';
import { notifyError } from '../../api/query.client.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { MemberSelect, OwnerName, type RecordTabProps } from '../records/index.ts';
import { useCreateSubtask, useSetActivityStatus, useSubtasks } from './activities-parts.api.ts';
import type { Subtask } from './activities-parts.types.ts';

const dimmedDash = <Text span size="sm" c="dimmed">—</Text>;

function SubtaskRow({ subtask, canUpdate }: { subtask: Subtask; canUpdate: boolean }) {
  const { t } = useTranslation();
  const setStatus = useSetActivityStatus();
  // The tick shows at once; the list catches up when the change is saved.
  const status = setStatus.isPending ? setStatus.variables.status : subtask.status;
  const isDone = status === 'done';
  const subject = subtask.subject || subtask.id.slice(0, 8);
  return (
    <Table.Tr data-testid="subtask">
      <Table.Td>
        <Checkbox
          aria-label={t(isDone ? 'activitySubtasks.reopen' : 'activitySubtasks.complete', { subject })}
          checked={isDone}
          disabled={!canUpdate || setStatus.isPending || status === 'cancelled'}
          onChange={(event) => setStatus.mutate({ id: subtask.id, status: event.currentTarget.checked ? 'done' : 'planned' })}
        />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Anchor component={Link} to={`/activities/${subtask.id}`} size="sm" td={isDone ? 'line-through' : undefined} c={isDone ? 'dimmed' : undefined}>
            {subject}
          </Anchor>
          {status === 'cancelled' && <Badge size="sm" variant="light" color="gray">{t('activitySubtasks.cancelled')}</Badge>}
        </Group>
      </Table.Td>
      <Table.Td>{subtask.due_at ? <Text size="sm">{formatDateTime(subtask.due_at)}</Text> : dimmedDash}</Table.Td>
      <Table.Td>{subtask.owner_id ? <Text size="sm"><OwnerName id={subtask.owner_id} /></Text> : dimmedDash}</Table.Td>
    </Table.Tr>
  );
}

/** A subtask's subject and, optionally, whose it is; the rest is set on the subtask's own page. */
function SubtaskAdder({ taskId }: { taskId: string }) {
  const { t } = useTranslation();
  const create = useCreateSubtask(taskId);
  const [subject, setSubject] = useState('');
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!subject.trim()) {
      setErrors({ subject: t('form.required') });
      return;
    }
    create.mutate({ subject: subject.trim(), ...(ownerId ? { owner_id: ownerId } : {}) }, {
      onSuccess: () => {
        setSubject('');
        setErrors({});
      },
      onError: (error) => {
        const found = isApiError(error) ? error.fieldErrors() : {};
        if (!found.subject && !found.owner_id) notifyError(error);
        setErrors(found);
      },
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Group gap="xs" align="flex-start">
        <TextInput
          aria-label={t('activitySubtasks.subject')}
          placeholder={t('activitySubtasks.subjectPlaceholder')}
          value={subject}
          error={errors.subject}
          maxLength={500}
          onChange={(event) => setSubject(event.currentTarget.value)}
          style={{ flex: 1 }}
          miw={240}
        />
        <MemberSelect ariaLabel={t('activitySubtasks.assignee')} placeholder={t('activitySubtasks.assignee')} value={ownerId} error={errors.owner_id} onChange={setOwnerId} />
        <Button type="submit" variant="light" leftSection={<IconPlus size={16} />} loading={create.isPending}>{t('activitySubtasks.add')}</Button>
      </Group>
    </form>
  );
}

/** A task's checklist: its subtasks ticked off in place, and new ones added. */
export function ActivitySubtasksTab({ record }: RecordTabProps) {
  const { t } = useTranslation();
  const me = useSession();
  const subtasks = useSubtasks(record.id);
  const canCreate = can(me, 'activity', 'create');
  const canUpdate = can(me, 'activity', 'update');

  if (subtasks.isPending) return <Center py="xl"><Loader /></Center>;
  if (!subtasks.data) return null;
  const rows = subtasks.data.data;
  const doneCount = rows.filter((subtask) => subtask.status === 'done').length;

  return (
    <Stack>
      {rows.length === 0 ? (
        <EmptyPlaceholder icon={<IconListCheck size={28} />} title={t('activitySubtasks.empty')} description={canCreate ? t('activitySubtasks.emptyText') : undefined} />
      ) : (
        <>
          <div>
            <Text size="sm" c="dimmed" mb={4}>{t('activitySubtasks.doneOf', { done: doneCount, total: rows.length })}</Text>
            <Progress value={(doneCount / rows.length) * 100} size="sm" color="teal" />
          </div>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40} />
                  <Table.Th>{t('activitySubtasks.subject')}</Table.Th>
                  <Table.Th w={180}>{t('activitySubtasks.due')}</Table.Th>
                  <Table.Th w={200}>{t('activitySubtasks.assignee')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((subtask) => <SubtaskRow key={subtask.id} subtask={subtask} canUpdate={canUpdate} />)}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {subtasks.data.next_cursor && <Text size="xs" c="dimmed">{t('activitySubtasks.firstShown', { count: rows.length })}</Text>}
        </>
      )}
      {canCreate && <SubtaskAdder taskId={record.id} />}
    </Stack>
  );
}
