import { useState } from 'react';
import { Anchor, Button, Card, Center, Loader, Stack, Tabs, Text } from '@mantine/core';
import { IconArrowLeft, IconHistory, IconListDetails, IconTimeline, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { notifySuccess } from '../../api/query.client.ts';
import { isApiError } from '../../api/http.client.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { ConfirmDialog } from '../../shell/confirm-dialog.component.tsx';
import { NotFoundPage } from '../../shell/not-found.page.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { RecordTimeline } from '../timeline/index.ts';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { localized, recordTitle } from './record-fields.ts';
import { useDeleteRecord, useObjectType, useRecord } from './records.api.ts';
import { recordActionsFor } from './record-actions.registry.ts';
import { recordTabsFor } from './record-tabs.registry.ts';
import type { ObjectTypeMeta } from './records.types.ts';
import { RecordComputedValues, RecordFieldsForm, RecordFieldsView, RecordHistory } from './record-sections.component.tsx';


function RecordDetail({ objectType, id }: { objectType: ObjectTypeMeta; id: string }) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const record = useRecord(objectType, id);
  const remove = useDeleteRecord(objectType);
  const [isConfirmingDelete, setConfirmingDelete] = useState(false);
  const listTitle = localized(objectType.label_plural, i18n.language);

  if (record.isPending) return <Center py="xl"><Loader /></Center>;
  if (!record.data) {
    return isApiError(record.error) && record.error.status === 404 ? <NotFoundPage /> : null;
  }
  const data = record.data;
  const title = recordTitle(objectType, data);
  const extraTabs = recordTabsFor(objectType.type, me, data);
  const leadingTabs = extraTabs.filter((tab) => tab.isLeading);
  const trailingTabs = extraTabs.filter((tab) => !tab.isLeading);
  const extraActions = recordActionsFor(objectType.type, me, data);

  const onDelete = () =>
    remove.mutate(id, {
      onSuccess: () => {
        notifySuccess(t('records.deleted', { title }));
        navigate(`/${objectType.plural}`, { replace: true });
      },
    });

  return (
    <>
      <Anchor component={Link} to={`/${objectType.plural}`} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} /> {listTitle}
      </Anchor>
      <PageHeader
        title={title}
        description={`${localized(objectType.label, i18n.language)} · ${t('records.updatedAt', { when: formatDateTime(data.updated_at) })}`}
        actions={
          (extraActions.length > 0 || can(me, objectType.type, 'delete')) && (
            <>
              {extraActions.map(({ key, Action }) => <Action key={key} objectType={objectType} record={data} />)}
              {can(me, objectType.type, 'delete') && (
                <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setConfirmingDelete(true)}>
                  {t('common.delete')}
                </Button>
              )}
            </>
          )
        }
      />
      <Card withBorder radius="md">
        <Tabs defaultValue={leadingTabs[0]?.key ?? 'details'} keepMounted={false}>
          <Tabs.List mb="md">
            {leadingTabs.map((tab) => <Tabs.Tab key={tab.key} value={tab.key} leftSection={tab.icon}>{tab.label(t)}</Tabs.Tab>)}
            <Tabs.Tab value="details" leftSection={<IconListDetails size={16} />}>{t('records.detailsTab')}</Tabs.Tab>
            {trailingTabs.map((tab) => <Tabs.Tab key={tab.key} value={tab.key} leftSection={tab.icon}>{tab.label(t)}</Tabs.Tab>)}
            <Tabs.Tab value="timeline" leftSection={<IconTimeline size={16} />}>{t('timeline.tab')}</Tabs.Tab>
            <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>{t('records.historyTab')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="details">
            <Stack>
              <RecordComputedValues objectType={objectType} record={data} />
              {can(me, objectType.type, 'update') ? (
                // Keyed by updated_at so a save elsewhere refreshes the form's starting values.
                <RecordFieldsForm key={data.updated_at ?? data.id} objectType={objectType} record={data} />
              ) : (
                <RecordFieldsView objectType={objectType} record={data} />
              )}
              <Text size="xs" c="dimmed">{t('records.createdAt', { when: formatDateTime(data.created_at) })}</Text>
            </Stack>
          </Tabs.Panel>
          {extraTabs.map(({ key, Panel }) => (
            <Tabs.Panel key={key} value={key}>
              <Panel objectType={objectType} record={data} />
            </Tabs.Panel>
          ))}
          <Tabs.Panel value="timeline">
            <RecordTimeline subjectType={objectType.type} subjectId={id} />
          </Tabs.Panel>
          <Tabs.Panel value="history">
            <RecordHistory objectType={objectType} id={id} />
          </Tabs.Panel>
        </Tabs>
      </Card>
      <ConfirmDialog
        opened={isConfirmingDelete}
        title={t('records.deleteTitle')}
        message={t('records.deleteText', { title })}
        confirmLabel={t('common.delete')}
        isPending={remove.isPending}
        onConfirm={onDelete}
        onClose={() => setConfirmingDelete(false)}
      />
    </>
  );
}

export function RecordDetailPage() {
  const { plural = '', id = '' } = useParams();
  const { objectType, isLoading } = useObjectType(plural);
  if (isLoading) return <Center py="xl"><Loader /></Center>;
  if (!objectType) return <NotFoundPage />;
  return <RecordDetail key={`${objectType.type}:${id}`} objectType={objectType} id={id} />;
}
