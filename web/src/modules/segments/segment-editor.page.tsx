import { useMemo, useState } from 'react';
import {
  ActionIcon, Alert, Anchor, Badge, Button, Card, Center, FileInput, Grid, Group, Loader, SegmentedControl, Stack, Table, Tabs, Text, Textarea, TextInput, Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconFileImport, IconRefresh, IconTrash, IconUsers } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/http.client.ts';
import { notifyError, notifySuccess } from '../../api/query.client.ts';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';
import { ConfirmDialog } from '../../shell/confirm-dialog.component.tsx';
import { EmptyPlaceholder } from '../../shell/empty-placeholder.component.tsx';
import { PageHeader } from '../../shell/page-header.component.tsx';
import { useSession } from '../auth/auth.api.ts';
import { useObjectTypes } from '../records/index.ts';
import { ReferencePicker } from '../records/field-input.component.tsx';
import { RuleBuilder } from './rule-builder.component.tsx';
import { checkDraft, draftFromRules, type GroupDraft } from './segment-rules.draft.ts';
import {
  describeSegmentError, useChangeListMembers, useDeleteSegment, useEvaluateSegment, useImportListMembers, useSaveSegment, useSegment,
  useSegmentHistory, useSegmentMembers, useSegmentPreview,
} from './segments.api.ts';
import { canEditSegments } from './segments.permissions.ts';
import type { CsvImportResult, Segment, SegmentKind, SegmentRule } from './segments.types.ts';

const PREVIEW_DELAY_MS = 400;

const personLink = (id: string, name: string | null) => <Anchor component={Link} to={`/people/${id}`} size="sm">{name ?? id.slice(0, 8)}</Anchor>;

/** The live size and a sample of the rules being edited. */
function PreviewCard({ rules, errors }: { rules: SegmentRule | null; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const preview = useSegmentPreview(rules);
  const hasErrors = Object.keys(errors).length > 0 || (preview.isError && isApiError(preview.error));
  return (
    <Card withBorder data-testid="segment-preview">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={500}>{t('segments.preview.title')}</Text>
          {preview.isFetching && <Loader size="xs" />}
        </Group>
        {!rules || hasErrors ? (
          <Text size="sm" c="dimmed">{t('segments.preview.incomplete')}</Text>
        ) : preview.data ? (
          <>
            <Title order={3} data-testid="segment-preview-count">{t('segments.preview.count', { count: preview.data.count, formatted: formatNumber(preview.data.count) })}</Title>
            <Text size="xs" c="dimmed">{t('segments.preview.sample')}</Text>
            {preview.data.sample.length === 0
              ? <Text size="sm" c="dimmed">{t('segments.preview.noSample')}</Text>
              : <Stack gap={2}>{preview.data.sample.map((person) => <div key={person.id}>{personLink(person.id, person.full_name)}</div>)}</Stack>}
          </>
        ) : (
          <Text size="sm" c="dimmed">{t('segments.preview.loading')}</Text>
        )}
      </Stack>
    </Card>
  );
}

function MembersTab({ segment, canEdit }: { segment: Segment; canEdit: boolean }) {
  const { t } = useTranslation();
  const members = useSegmentMembers(segment.id);
  const change = useChangeListMembers(segment.id);
  const { data: objectTypes } = useObjectTypes();
  const person = objectTypes?.find((type) => type.type === 'person');
  const isList = segment.kind === 'static';
  const rows = members.data?.pages.flatMap((page) => page.data) ?? [];

  const add = (id: string | null) => id && change.mutate({ personIds: [id], isRemoving: false }, {
    onSuccess: (result) => notifySuccess(t('segments.members.added', { count: result.added })),
  });
  const remove = (id: string) => change.mutate({ personIds: [id], isRemoving: true }, { onSuccess: () => notifySuccess(t('segments.members.removed')) });

  return (
    <Stack>
      {isList && canEdit && (
        <Grid>
          <Grid.Col span={{ base: 12, md: 6 }}>
            {person && <ReferencePicker target={person} label={t('segments.members.add')} value="" isRequired={false} onChange={add} />}
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}><CsvImport segmentId={segment.id} /></Grid.Col>
        </Grid>
      )}
      {members.isPending ? <Center py="md"><Loader /></Center> : rows.length === 0 ? (
        <EmptyPlaceholder icon={<IconUsers size={28} />} title={t('segments.members.empty')} />
      ) : (
        <Table data-testid="segment-members">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('segments.members.person')}</Table.Th>
              <Table.Th>{t('segments.members.email')}</Table.Th>
              <Table.Th>{t('segments.members.enteredAt')}</Table.Th>
              {isList && canEdit && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((member) => (
              <Table.Tr key={member.person_id}>
                <Table.Td>{personLink(member.person_id, member.full_name)}</Table.Td>
                <Table.Td>{member.email}</Table.Td>
                <Table.Td>{formatDateTime(member.entered_at)}</Table.Td>
                {isList && canEdit && (
                  <Table.Td ta="right">
                    <ActionIcon variant="subtle" color="gray" aria-label={t('segments.members.remove')} onClick={() => remove(member.person_id)}><IconTrash size={16} /></ActionIcon>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {members.hasNextPage && <Button variant="subtle" onClick={() => members.fetchNextPage()} loading={members.isFetchingNextPage}>{t('segments.members.more')}</Button>}
    </Stack>
  );
}

function CsvImport({ segmentId }: { segmentId: string }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<CsvImportResult | null>(null);
  const [error, setError] = useState<string | undefined>();
  const importing = useImportListMembers(segmentId);
  const run = async () => {
    if (!file) return;
    setError(undefined);
    importing.mutate(await file.text(), {
      onSuccess: setResult,
      onError: (failure) => setError(isApiError(failure) ? failure.fieldErrors().csv ?? describeSegmentError(failure).title : describeSegmentError(failure).title),
    });
  };
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="xs" wrap="nowrap">
        <FileInput
          style={{ flex: 1 }} label={t('segments.members.import')} placeholder={t('segments.members.importFile')} accept=".csv,text/csv"
          leftSection={<IconFileImport size={16} />} value={file} onChange={setFile} error={error} clearable
        />
        <Button onClick={run} disabled={!file} loading={importing.isPending}>{t('segments.members.importRun')}</Button>
      </Group>
      <Text size="xs" c="dimmed">{t('segments.members.importHint')}</Text>
      {result && (
        <Alert color={result.unmatched.length > 0 ? 'yellow' : 'teal'} data-testid="segment-import-result">
          <Text size="sm">{t('segments.members.imported', { rows: result.rows, matched: result.matched, added: result.added })}</Text>
          {result.unmatched.length > 0 && (
            <Table mt="xs">
              <Table.Thead>
                <Table.Tr><Table.Th>{t('segments.members.row')}</Table.Th><Table.Th>{t('segments.members.value')}</Table.Th><Table.Th>{t('segments.members.reason')}</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.unmatched.map((row) => (
                  <Table.Tr key={row.row}><Table.Td>{row.row}</Table.Td><Table.Td>{row.value}</Table.Td><Table.Td>{t(`segments.members.reasons.${row.reason}`)}</Table.Td></Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Alert>
      )}
    </Stack>
  );
}

function HistoryTab({ segmentId }: { segmentId: string }) {
  const { t } = useTranslation();
  const history = useSegmentHistory(segmentId);
  const rows = history.data?.pages.flatMap((page) => page.data) ?? [];
  if (history.isPending) return <Center py="md"><Loader /></Center>;
  if (rows.length === 0) return <EmptyPlaceholder icon={<IconUsers size={28} />} title={t('segments.history.empty')} />;
  return (
    <Stack>
      <Table data-testid="segment-history">
        <Table.Thead>
          <Table.Tr><Table.Th>{t('segments.members.person')}</Table.Th><Table.Th>{t('segments.history.change')}</Table.Th><Table.Th>{t('segments.history.at')}</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td>{personLink(event.person_id, event.full_name)}</Table.Td>
              <Table.Td><Badge variant="light" color={event.change === 'entered' ? 'teal' : 'gray'}>{t(`segments.history.changes.${event.change}`)}</Badge></Table.Td>
              <Table.Td>{formatDateTime(event.occurred_at)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {history.hasNextPage && <Button variant="subtle" onClick={() => history.fetchNextPage()} loading={history.isFetchingNextPage}>{t('segments.members.more')}</Button>}
    </Stack>
  );
}

/** The segment's form: name, description, kind and, for a dynamic one, the rule builder with its live size. */
function SegmentEditor({ segment }: { segment?: Segment }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useSession();
  const canEdit = canEditSegments(me);
  const { data: objectTypes } = useObjectTypes();
  const fields = useMemo(() => objectTypes?.find((type) => type.type === 'person')?.fields ?? [], [objectTypes]);
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [kind, setKind] = useState<SegmentKind>(segment?.kind ?? 'dynamic');
  const [draft, setDraft] = useState<GroupDraft>(() => draftFromRules(segment?.rules ?? null));
  const [isShowingErrors, setShowingErrors] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [isDeleting, setDeleting] = useState(false);
  const save = useSaveSegment(segment?.id);
  const remove = useDeleteSegment();
  const evaluate = useEvaluateSegment(segment?.id ?? '');

  const checked = useMemo(() => checkDraft(draft, fields, t('segments.builder.invalid')), [draft, fields, t]);
  const rulesJson = checked.rules ? JSON.stringify(checked.rules) : null;
  const [previewJson] = useDebouncedValue(rulesJson, PREVIEW_DELAY_MS);
  const errors = { ...(isShowingErrors ? checked.errors : {}), ...serverErrors };

  const onDraft = (next: GroupDraft) => {
    setDraft(next);
    setServerErrors({});
  };
  const submit = () => {
    const isDynamic = kind === 'dynamic';
    if (!name.trim() || (isDynamic && !checked.rules)) {
      setShowingErrors(true);
      if (!name.trim()) setServerErrors((current) => ({ ...current, name: t('segments.builder.invalid') }));
      return;
    }
    save.mutate({ name: name.trim(), description: description.trim() || null, kind, rules: isDynamic ? checked.rules : null }, {
      onSuccess: (saved) => {
        notifySuccess(t('segments.saved'));
        if (!segment) navigate(`/marketing/segments/${saved.id}`, { replace: true });
      },
      onError: (error) => {
        if (isApiError(error)) setServerErrors(error.fieldErrors());
        notifyError(error, describeSegmentError);
      },
    });
  };

  const header = segment ? (
    <Group gap="xs">
      {segment.kind === 'dynamic' && canEdit && (
        <Button variant="default" leftSection={<IconRefresh size={16} />} loading={evaluate.isPending}
          onClick={() => evaluate.mutate(undefined, { onSuccess: (result) => notifySuccess(t('segments.evaluated', result)) })}>
          {t('segments.evaluate')}
        </Button>
      )}
      {canEdit && <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>{t('common.delete')}</Button>}
    </Group>
  ) : undefined;

  const form = (
    <Stack>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <TextInput label={t('segments.fields.name')} required value={name} error={errors.name} disabled={!canEdit}
            onChange={(event) => { setName(event.currentTarget.value); setServerErrors(({ name: _name, ...rest }) => rest); }} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Textarea label={t('segments.fields.description')} autosize minRows={1} value={description} error={errors.description} disabled={!canEdit}
            onChange={(event) => setDescription(event.currentTarget.value)} />
        </Grid.Col>
      </Grid>
      {!segment && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>{t('segments.fields.kind')}</Text>
          <SegmentedControl value={kind} onChange={(value) => setKind(value as SegmentKind)} w="fit-content"
            data={[{ value: 'dynamic', label: t('segments.kinds.dynamic') }, { value: 'static', label: t('segments.kinds.static') }]} />
          <Text size="xs" c="dimmed">{t(`segments.kindHint.${kind}`)}</Text>
        </Stack>
      )}
      {segment?.last_error && <Alert color="red" icon={<IconAlertTriangle size={18} />}>{t('segments.lastError', { error: segment.last_error })}</Alert>}
      {kind === 'dynamic' && (
        <Grid>
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <RuleBuilder draft={draft} errors={errors} onChange={onDraft} segmentId={segment?.id} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <PreviewCard rules={previewJson ? (JSON.parse(previewJson) as SegmentRule) : null} errors={isShowingErrors ? checked.errors : {}} />
            {segment?.evaluated_at && <Text size="xs" c="dimmed" mt="xs">{t('segments.evaluatedAt', { time: formatDateTime(segment.evaluated_at) })}</Text>}
          </Grid.Col>
        </Grid>
      )}
      {canEdit && <Group><Button onClick={submit} loading={save.isPending}>{t('segments.save')}</Button></Group>}
    </Stack>
  );

  return (
    <>
      <PageHeader title={segment?.name ?? t('segments.newTitle')} description={segment?.description ?? undefined} actions={header} />
      {segment ? (
        <Tabs defaultValue={segment.kind === 'static' ? 'members' : 'rules'} keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="rules">{t('segments.tabs.rules')}</Tabs.Tab>
            <Tabs.Tab value="members" rightSection={<Badge size="sm" variant="light">{formatNumber(segment.member_count)}</Badge>}>{t('segments.tabs.members')}</Tabs.Tab>
            <Tabs.Tab value="history">{t('segments.tabs.history')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="rules">{form}</Tabs.Panel>
          <Tabs.Panel value="members"><MembersTab segment={segment} canEdit={canEdit} /></Tabs.Panel>
          <Tabs.Panel value="history"><HistoryTab segmentId={segment.id} /></Tabs.Panel>
        </Tabs>
      ) : form}
      {segment && (
        <ConfirmDialog
          opened={isDeleting} title={t('segments.deleteTitle')} message={t('segments.deleteText', { name: segment.name })} confirmLabel={t('common.delete')}
          isPending={remove.isPending} onClose={() => setDeleting(false)}
          onConfirm={() => remove.mutate(segment.id, {
            onSuccess: () => {
              notifySuccess(t('segments.deleted'));
              navigate('/marketing/segments');
            },
            onSettled: () => setDeleting(false),
          })}
        />
      )}
    </>
  );
}

export function SegmentEditorPage() {
  const { id } = useParams();
  const segment = useSegment(id);
  if (!id) return <SegmentEditor />;
  if (segment.isPending) return <Center py="xl"><Loader /></Center>;
  if (!segment.data) return null;
  // Keyed by the saved version, so the form starts again from what the server kept.
  return <SegmentEditor key={`${segment.data.id}:${segment.data.updated_at}`} segment={segment.data} />;
}
