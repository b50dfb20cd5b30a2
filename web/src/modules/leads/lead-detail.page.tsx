import { useState } from 'react';
import { ActionIcon, Alert, Anchor, Button, Card, Center, Grid, Loader, Menu, Stack, Tabs, Text } from '@mantine/core';
import {
  IconArrowBackUp, IconArrowLeft, IconBan, IconDots, IconHistory, IconListDetails, IconPhoneCheck, IconRosetteDiscountCheck, IconTimeline,
  IconTransform, IconTrash,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/http.client.ts';
import { notifySuccess } from '../../api/query.client.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { ConfirmDialog } from '../../shell/confirm-dialog.component.tsx';
import { NotFoundPage } from '../../shell/not-found.page.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { can } from '../auth/permissions.ts';
import { RecordFieldsForm, RecordFieldsView, RecordHistory } from '../records/index.ts';
import { useDeleteRecord, useObjectType, useRecord, useUpdateRecord } from '../records/records.api.ts';
import type { FieldMeta, ObjectTypeMeta } from '../records/records.types.ts';
import { RecordTimeline } from '../timeline/index.ts';
import { LeadConvertModal } from './lead-convert.modal.tsx';
import { LeadDisqualifyModal } from './lead-disqualify.modal.tsx';
import { editableLeadFields, isFormField } from './lead-fields.ts';
import { LeadConversionPanel, LeadSlaPanel } from './lead-panels.component.tsx';
import type { LeadRecord } from './leads.types.ts';


type LeadDialog = 'convert' | 'disqualify' | 'delete' | null;

/** Status moves by hand; conversion has its own dialog, since it creates records. */
function LeadActions({ objectType, lead, onOpen }: { objectType: ObjectTypeMeta; lead: LeadRecord; onOpen: (dialog: LeadDialog) => void }) {
  const { t } = useTranslation();
  const me = useSession();
  const update = useUpdateRecord(objectType, lead.id);
  const canUpdate = can(me, 'lead', 'update');
  const canDelete = can(me, 'lead', 'delete');
  const isOpen = lead.status !== 'converted' && lead.status !== 'disqualified';
  const canQualify = canUpdate && (lead.status === 'new' || lead.status === 'contacted');
  const canReopen = canUpdate && lead.status === 'disqualified';

  const setStatus = (status: string, done: string) =>
    update.mutate({ status, ...(lead.disqualify_reason ? { disqualify_reason: null } : {}) }, { onSuccess: () => notifySuccess(done) });

  return (
    <>
      {canUpdate && lead.status === 'new' && (
        <Button variant="light" leftSection={<IconPhoneCheck size={16} />} loading={update.isPending}
          onClick={() => setStatus('contacted', t('leads.actions.contacted'))}>
          {t('leads.actions.markContacted')}
        </Button>
      )}
      {canUpdate && isOpen && (
        <Button variant="light" color="red" leftSection={<IconBan size={16} />} onClick={() => onOpen('disqualify')}>
          {t('leads.actions.disqualify')}
        </Button>
      )}
      {canUpdate && isOpen && (
        <Button leftSection={<IconTransform size={16} />} onClick={() => onOpen('convert')}>{t('leads.actions.convert')}</Button>
      )}
      {(canQualify || canReopen || canDelete) && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon variant="default" size="lg" aria-label={t('common.actions')}><IconDots size={16} /></ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {canQualify && (
              <Menu.Item leftSection={<IconRosetteDiscountCheck size={16} />} onClick={() => setStatus('qualified', t('leads.actions.qualified'))}>
                {t('leads.actions.qualify')}
              </Menu.Item>
            )}
            {canReopen && (
              <Menu.Item leftSection={<IconArrowBackUp size={16} />} onClick={() => setStatus('contacted', t('leads.actions.reopened'))}>
                {t('leads.actions.reopen')}
              </Menu.Item>
            )}
            {canDelete && (
              <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => onOpen('delete')}>{t('common.delete')}</Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      )}
    </>
  );
}

function LeadDetail({ objectType, id }: { objectType: ObjectTypeMeta; id: string }) {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const record = useRecord(objectType, id);
  const remove = useDeleteRecord(objectType);
  const [dialog, setDialog] = useState<LeadDialog>(null);

  if (record.isPending) return <Center py="xl"><Loader /></Center>;
  if (!record.data) {
    return isApiError(record.error) && record.error.status === 404 ? <NotFoundPage /> : null;
  }
  const lead = record.data as LeadRecord;
  const title = lead.full_name || lead.id.slice(0, 8);
  const closeDialog = () => setDialog(null);

  const onDelete = () =>
    remove.mutate(id, {
      onSuccess: () => {
        notifySuccess(t('records.deleted', { title }));
        navigate('/leads', { replace: true });
      },
    });

  return (
    <>
      <Anchor component={Link} to="/leads" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} /> {t('leads.title')}
      </Anchor>
      <PageHeader
        title={title}
        description={[lead.company_name, t('records.updatedAt', { when: formatDateTime(lead.updated_at) })].filter(Boolean).join(' · ')}
        actions={<LeadActions objectType={objectType} lead={lead} onOpen={setDialog} />}
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          {lead.status === 'disqualified' && (
            <Alert color="gray" icon={<IconBan size={18} />} title={t('leads.disqualifiedTitle')} mb="md">{lead.disqualify_reason}</Alert>
          )}
          <Card withBorder radius="md">
            <Tabs defaultValue="details" keepMounted={false}>
              <Tabs.List mb="md">
                <Tabs.Tab value="details" leftSection={<IconListDetails size={16} />}>{t('records.detailsTab')}</Tabs.Tab>
                <Tabs.Tab value="timeline" leftSection={<IconTimeline size={16} />}>{t('timeline.tab')}</Tabs.Tab>
                <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>{t('records.historyTab')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="details">
                <Stack>
                  {can(me, 'lead', 'update') ? (
                    // Keyed by updated_at so a save elsewhere (a status action) refreshes the form's starting values.
                    <RecordFieldsForm key={lead.updated_at ?? lead.id} objectType={objectType} record={lead} selectFields={editableLeadFields} />
                  ) : (
                    <RecordFieldsView objectType={objectType} record={lead} selectFields={(fields: FieldMeta[]) => fields.filter(isFormField)} />
                  )}
                  <Text size="xs" c="dimmed">{t('records.createdAt', { when: formatDateTime(lead.created_at) })}</Text>
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="timeline">
                <RecordTimeline subjectType="lead" subjectId={id} />
              </Tabs.Panel>
              <Tabs.Panel value="history">
                <RecordHistory objectType={objectType} id={id} />
              </Tabs.Panel>
            </Tabs>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            {lead.status === 'converted' && <LeadConversionPanel lead={lead} />}
            <LeadSlaPanel lead={lead} />
          </Stack>
        </Grid.Col>
      </Grid>
      {dialog === 'convert' && <LeadConvertModal lead={lead} onClose={closeDialog} />}
      {dialog === 'disqualify' && <LeadDisqualifyModal objectType={objectType} lead={lead} onClose={closeDialog} />}
      <ConfirmDialog
        opened={dialog === 'delete'}
        title={t('records.deleteTitle')}
        message={t('records.deleteText', { title })}
        confirmLabel={t('common.delete')}
        isPending={remove.isPending}
        onConfirm={onDelete}
        onClose={closeDialog}
      />
    </>
  );
}

export function LeadDetailPage() {
  const { id = '' } = useParams();
  const { objectType, isLoading } = useObjectType('leads');
  if (isLoading) return <Center py="xl"><Loader /></Center>;
  if (!objectType) return <NotFoundPage />;
  return <LeadDetail key={id} objectType={objectType} id={id} />;
}
